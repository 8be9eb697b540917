// Today's fills of every account, newest first: time (exchange), account, contract, side, size,
// price, P&L and fees; voided fills are struck through and say so.
import { useMemo, type ReactElement } from 'react'
import type { FillView } from '../../../../shared/domain/risk'
import { useTiltguardStore } from '../../state/store'
import { selectAccountsById } from '../../state/selectors'
import { exchangeTime, money, price, pnlTone, signedMoney } from '../../lib/format'
import { VirtualTable, type Column } from './VirtualTable'
import { AccountName } from './AccountName'

export function FillsTable(): ReactElement {
  const fills = useTiltguardStore((s) => s.fills)
  const loaded = useTiltguardStore((s) => s.riskMeta !== null || s.portfolioLoaded)
  const accounts = useTiltguardStore(selectAccountsById)
  const zone = useTiltguardStore((s) => s.riskMeta?.exchangeTimeZone ?? 'America/Chicago')
  const columns = useMemo<Column<FillView>[]>(
    () => [
      { key: 'at', header: 'Time', width: '78px', numeric: true, render: (f) => exchangeTime(f.at, zone), sortValue: (f) => f.at },
      { key: 'account', header: 'Account', width: 'minmax(90px,1.2fr)', render: (f) => <AccountName id={f.accountId} accounts={accounts} />, sortValue: (f) => accounts.get(f.accountId)?.name ?? '' },
      { key: 'contract', header: 'Contract', width: 'minmax(70px,1fr)', render: (f) => <span title={f.contractId}>{f.contractName}</span>, sortValue: (f) => f.contractName },
      { key: 'side', header: 'Side', width: '60px', render: (f) => (f.side === 'buy' ? <span className="side-long">▲ Buy</span> : <span className="side-short">▼ Sell</span>), sortValue: (f) => f.side },
      { key: 'size', header: 'Size', width: '50px', numeric: true, render: (f) => f.size, sortValue: (f) => f.size },
      { key: 'price', header: 'Price', width: '96px', numeric: true, render: (f) => price(f.price), sortValue: (f) => f.price },
      {
        key: 'pnl',
        header: 'P&L',
        width: '96px',
        numeric: true,
        render: (f) => <span className={`tone-${pnlTone(f.profitAndLoss)}`}>{f.profitAndLoss === null ? 'open' : signedMoney(f.profitAndLoss)}</span>,
        sortValue: (f) => f.profitAndLoss ?? 0,
      },
      { key: 'fees', header: 'Fees', width: '70px', numeric: true, render: (f) => money(f.fees), sortValue: (f) => f.fees },
      { key: 'note', header: '', width: '80px', render: (f) => (f.voided ? <span className="tone-warn">Voided</span> : f.placedByTiltguard ? <span className="tag">Tiltguard</span> : '') },
    ],
    [accounts, zone],
  )
  return (
    <section className="panel" aria-labelledby="fills-title">
      <h2 id="fills-title">Today&apos;s fills</h2>
      <VirtualTable rows={fills} columns={columns} rowKey={(f) => String(f.id)} empty={loaded ? 'No fills today.' : 'Loading fills…'} testId="fills-table" label="Today's fills" maxRows={8} />
    </section>
  )
}
