// Today's P&L of the selected account, large and legible: realized, unrealized and net (fees
// included), the daily-loss-limit and profit-target gauges, and the intraday curve.
import type { ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useCurrentAccountId } from '../../state/selectors'
import { Icon } from '../../components/Icon'
import { money, pnlTone, signedMoney } from '../../lib/format'
import { lossGauge, targetGauge } from './gauges'
import { Meter } from './Meter'
import { PnlChart } from './PnlChart'

function Figure({ label, value, big, testId }: { readonly label: string; readonly value: number; readonly big?: boolean; readonly testId: string }): ReactElement {
  return (
    <div className={`figure${big === true ? ' figure-big' : ''}`}>
      <span className="figure-label">{label}</span>
      <span className={`figure-value num tone-${pnlTone(value)}`} data-testid={testId}>
        {signedMoney(value)}
      </span>
    </div>
  )
}

export function PnlPanel(): ReactElement {
  const accountId = useCurrentAccountId()
  const pnl = useTiltguardStore((s) => (accountId === null ? undefined : s.riskByAccount[accountId]?.pnl))
  const loaded = useTiltguardStore((s) => s.riskMeta !== null)
  return (
    <section className="panel pnl" aria-labelledby="pnl-title" data-testid="pnl-panel">
      <h2 id="pnl-title">Today&apos;s P&amp;L</h2>
      {pnl === undefined ? (
        <p className="empty" data-testid="pnl-empty">
          {loaded ? 'No P&L yet for this account: the engine has not reported it.' : 'Loading P&L…'}
        </p>
      ) : (
        <>
          <div className="figures">
            <Figure label="Net today (after fees)" value={pnl.net} big testId="pnl-net" />
            <Figure label="Realized" value={pnl.realized} testId="pnl-realized" />
            <Figure label="Unrealized" value={pnl.unrealized} testId="pnl-unrealized" />
            <div className="figure">
              <span className="figure-label">Fees</span>
              <span className="figure-value num">{money(pnl.fees)}</span>
            </div>
          </div>
          {pnl.unrealizedStale && (
            <p className="tone-warn" data-testid="pnl-stale">
              <Icon name="clock" /> Unrealized is stale: some open position has no fresh price ({pnl.priceSource === 'bars' ? 'bars only' : 'no price'}).
            </p>
          )}
          <div className="gauges">
            <GaugeOrNote kind="loss" gauge={lossGauge(pnl)} limit={pnl.dailyLossLimit} />
            <GaugeOrNote kind="target" gauge={targetGauge(pnl)} limit={pnl.profitTarget} />
          </div>
        </>
      )}
      {accountId !== null && <PnlChart accountId={accountId} />}
    </section>
  )
}

function GaugeOrNote({ kind, gauge, limit }: { readonly kind: 'loss' | 'target'; readonly gauge: ReturnType<typeof lossGauge>; readonly limit: number | null }): ReactElement {
  const label = kind === 'loss' ? 'Daily loss limit used' : 'Profit target reached'
  if (gauge === null || limit === null) return <p className="muted">{kind === 'loss' ? 'No daily loss limit set.' : 'No profit target set.'}</p>
  return <Meter label={label} percent={gauge.percent} tone={gauge.tone} detail={`of ${money(limit)}`} testId={`gauge-${kind}`} />
}
