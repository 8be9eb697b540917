// A sortable table whose rows are virtualised (@tanstack/react-virtual) so a long day scrolls
// smoothly. Fixed row height and fixed column widths: nothing jumps while prices tick. Built from
// ARIA table roles on divs, since virtualised rows cannot live inside a <tbody>.
import { useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'

export interface Column<Row> {
  readonly key: string
  readonly header: string
  /** CSS grid track, e.g. "90px" or "1fr". */
  readonly width: string
  readonly numeric?: boolean
  readonly render: (row: Row) => ReactNode
  /** Sort value; columns without one are not sortable. */
  readonly sortValue?: (row: Row) => number | string
}

export interface VirtualTableProps<Row> {
  readonly rows: readonly Row[]
  readonly columns: readonly Column<Row>[]
  readonly rowKey: (row: Row) => string
  readonly empty: ReactNode
  readonly testId: string
  readonly label: string
  /** Visible height in rows before it scrolls. */
  readonly maxRows?: number
  readonly rowTestId?: (row: Row) => string
}

const ROW_PX = 28

export function VirtualTable<Row>({ rows, columns, rowKey, empty, testId, label, maxRows = 10, rowTestId }: VirtualTableProps<Row>): ReactElement {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null)
  const scroller = useRef<HTMLDivElement | null>(null)
  const sorted = useMemo(() => {
    const col = sort === null ? undefined : columns.find((c) => c.key === sort.key)
    if (col?.sortValue === undefined || sort === null) return rows
    const value = col.sortValue
    return [...rows].sort((a, b) => {
      const va = value(a)
      const vb = value(b)
      return (va < vb ? -1 : va > vb ? 1 : 0) * sort.dir
    })
  }, [rows, columns, sort])
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser is read during render by design
  const virtualizer = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 8 })
  const template = columns.map((c) => c.width).join(' ')
  const toggle = (key: string) => setSort((s) => (s?.key === key ? (s.dir === 1 ? { key, dir: -1 } : null) : { key, dir: 1 }))

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={sorted.length + 1} data-testid={testId}>
      <div className="vrow vhead" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" className={c.numeric === true ? 'num' : undefined} aria-sort={sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
            {c.sortValue === undefined ? (
              c.header
            ) : (
              <button type="button" className="sort-button" onClick={() => toggle(c.key)}>
                {c.header}
                {sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
              </button>
            )}
          </div>
        ))}
      </div>
      {sorted.length === 0 ? (
        <div className="vempty" role="row">
          <div role="cell">{empty}</div>
        </div>
      ) : (
        <div ref={scroller} className="vbody" role="rowgroup" style={{ maxHeight: maxRows * ROW_PX }}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = sorted[item.index] as Row
              return (
                <div
                  key={rowKey(row)}
                  role="row"
                  className="vrow"
                  data-testid={rowTestId?.(row)}
                  style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_PX }}
                >
                  {columns.map((c) => (
                    <div key={c.key} role="cell" className={c.numeric === true ? 'num' : undefined}>
                      {c.render(row)}
                    </div>
                  ))}
                </div>
              )
            })}
          </div>
        </div>
      )}
    </div>
  )
}
