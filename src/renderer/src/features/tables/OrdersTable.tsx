// Working orders of every account: contract short name, type, side, size, prices, age, and whether
// the trader or Tiltguard placed it.
import { useMemo, type ReactElement } from 'react'
import type { OrderView } from '../../../../shared/domain/portfolio'
import { OrderSide, OrderStatus, OrderType } from '../../../../shared/projectx/enums'
import { useTiltguardStore } from '../../state/store'
import { selectAccountsById, selectWorkingOrders } from '../../state/selectors'
import { useNow } from '../../components/use-now'
import { age, price } from '../../lib/format'
import { VirtualTable, type Column } from './VirtualTable'
import { AccountName } from './AccountName'

function nameOf<T extends Record<string, number>>(table: T, value: number): string {
  return Object.entries(table).find(([, v]) => v === value)?.[0] ?? String(value)
}

function Age({ createdAt }: { readonly createdAt: number | null }): ReactElement {
  const now = useNow()
  return <>{createdAt === null ? '–' : age(now - createdAt)}</>
}

export function OrdersTable(): ReactElement {
  const orders = useTiltguardStore(selectWorkingOrders)
  const loaded = useTiltguardStore((s) => s.portfolioLoaded)
  const accounts = useTiltguardStore(selectAccountsById)
  const columns = useMemo<Column<OrderView>[]>(
    () => [
      { key: 'id', header: 'Order', width: '80px', numeric: true, render: (o) => o.id, sortValue: (o) => o.id },
      { key: 'account', header: 'Account', width: 'minmax(90px,1.2fr)', render: (o) => <AccountName id={o.accountId} accounts={accounts} />, sortValue: (o) => accounts.get(o.accountId)?.name ?? '' },
      { key: 'contract', header: 'Contract', width: 'minmax(70px,1fr)', render: (o) => <span title={o.contractId}>{o.contractName}</span>, sortValue: (o) => o.contractName },
      { key: 'type', header: 'Type', width: '70px', render: (o) => nameOf(OrderType, o.type), sortValue: (o) => o.type },
      { key: 'side', header: 'Side', width: '60px', render: (o) => (o.side === OrderSide.Bid ? <span className="side-long">▲ Buy</span> : <span className="side-short">▼ Sell</span>), sortValue: (o) => o.side },
      { key: 'size', header: 'Size', width: '64px', numeric: true, render: (o) => `${o.fillVolume}/${o.size}`, sortValue: (o) => o.size },
      { key: 'limit', header: 'Limit', width: '90px', numeric: true, render: (o) => price(o.limitPrice), sortValue: (o) => o.limitPrice ?? 0 },
      { key: 'stop', header: 'Stop', width: '90px', numeric: true, render: (o) => price(o.stopPrice), sortValue: (o) => o.stopPrice ?? 0 },
      { key: 'age', header: 'Age', width: '64px', numeric: true, render: (o) => <Age createdAt={o.createdAt} />, sortValue: (o) => -(o.createdAt ?? 0) },
      {
        key: 'by',
        header: 'Placed by',
        width: '92px',
        render: (o) => (o.placedByTiltguard ? <span className="tag" title={o.customTag ?? undefined}>Tiltguard</span> : 'Trader'),
        sortValue: (o) => (o.placedByTiltguard ? 1 : 0),
      },
      { key: 'status', header: 'Status', width: '80px', render: (o) => nameOf(OrderStatus, o.status) },
    ],
    [accounts],
  )
  return (
    <section className="panel" aria-labelledby="orders-title">
      <h2 id="orders-title">Working orders</h2>
      <VirtualTable
        rows={orders}
        columns={columns}
        rowKey={(o) => String(o.id)}
        empty={loaded ? 'No working orders.' : 'Loading orders…'}
        testId="orders-table"
        label="Working orders"
        maxRows={8}
      />
    </section>
  )
}
