// Open positions of every account: contract short name, side, size, average and last price,
// unrealized P&L and whether the price is live, delayed (bars) or missing.
import { useMemo, type ReactElement } from 'react'
import type { PositionView } from '../../../../shared/domain/portfolio'
import { useTiltguardStore } from '../../state/store'
import { selectAccountsById } from '../../state/selectors'
import { Icon } from '../../components/Icon'
import { price, pnlTone, signedMoney } from '../../lib/format'
import { VirtualTable, type Column } from './VirtualTable'
import { AccountName } from './AccountName'

/** A price older than this is shown as stale (the engine's own threshold decides risk). */
const STALE_PRICE_MS = 10_000

function PriceState({ p }: { readonly p: PositionView }): ReactElement {
  if (p.lastPrice === null || p.priceAgeMs === null)
    return (
      <span className="tone-bad">
        <Icon name="cross" /> No price
      </span>
    )
  if (p.priceAgeMs > STALE_PRICE_MS)
    return (
      <span className="tone-warn">
        <Icon name="clock" /> Stale
      </span>
    )
  if (p.priceDelayed)
    return (
      <span className="tone-warn">
        <Icon name="poll" /> Delayed
      </span>
    )
  return (
    <span className="tone-ok">
      <Icon name="check" /> Live
    </span>
  )
}

export function PositionsTable(): ReactElement {
  const positions = useTiltguardStore((s) => s.positions)
  const loaded = useTiltguardStore((s) => s.portfolioLoaded)
  const accounts = useTiltguardStore(selectAccountsById)
  const columns = useMemo<Column<PositionView>[]>(
    () => [
      { key: 'account', header: 'Account', width: 'minmax(90px,1.2fr)', render: (p) => <AccountName id={p.accountId} accounts={accounts} />, sortValue: (p) => accounts.get(p.accountId)?.name ?? '' },
      { key: 'contract', header: 'Contract', width: 'minmax(70px,1fr)', render: (p) => <span title={p.contractId}>{p.contractName ?? p.contractId}</span>, sortValue: (p) => p.contractName ?? p.contractId },
      { key: 'side', header: 'Side', width: '70px', render: (p) => <span className={p.side === 'long' ? 'side-long' : 'side-short'}>{p.side === 'long' ? '▲ Long' : '▼ Short'}</span>, sortValue: (p) => p.side },
      { key: 'size', header: 'Size', width: '50px', numeric: true, render: (p) => p.size, sortValue: (p) => p.size },
      { key: 'avg', header: 'Avg price', width: '96px', numeric: true, render: (p) => price(p.averagePrice), sortValue: (p) => p.averagePrice },
      { key: 'last', header: 'Last', width: '96px', numeric: true, render: (p) => <span data-testid="position-last">{price(p.lastPrice)}</span>, sortValue: (p) => p.lastPrice ?? 0 },
      {
        key: 'upnl',
        header: 'Unrealized',
        width: '104px',
        numeric: true,
        render: (p) => (
          <span className={`tone-${pnlTone(p.unrealizedPnl)}`} data-testid="position-unrealized">
            {signedMoney(p.unrealizedPnl)}
          </span>
        ),
        sortValue: (p) => p.unrealizedPnl ?? 0,
      },
      { key: 'price', header: 'Price', width: '92px', render: (p) => <PriceState p={p} /> },
    ],
    [accounts],
  )
  return (
    <section className="panel" aria-labelledby="positions-title">
      <h2 id="positions-title">Open positions</h2>
      <VirtualTable
        rows={positions}
        columns={columns}
        rowKey={(p) => `${p.accountId}:${p.contractId}`}
        rowTestId={(p) => `position-${p.accountId}-${p.contractName ?? p.contractId}`}
        empty={loaded ? 'Flat: no open positions.' : 'Loading positions…'}
        testId="positions-table"
        label="Open positions"
        maxRows={8}
      />
    </section>
  )
}
