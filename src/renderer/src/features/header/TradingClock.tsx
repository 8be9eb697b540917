// The trading-day clock: exchange time (America/Chicago unless the engine says otherwise), the
// trading day in force and the countdown to the daily reset.
import type { ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useCurrentAccountId } from '../../state/selectors'
import { useNow } from '../../components/use-now'
import { Icon } from '../../components/Icon'
import { countdown, exchangeTime, zoneAbbreviation } from '../../lib/format'

export function TradingClock(): ReactElement {
  const now = useNow()
  const accountId = useCurrentAccountId()
  const zone = useTiltguardStore((s) => s.riskMeta?.exchangeTimeZone ?? 'America/Chicago')
  const day = useTiltguardStore((s) => (accountId === null ? null : (s.riskByAccount[accountId]?.tradingDay ?? null)))
  const resetAt = useTiltguardStore((s) => (accountId === null ? null : (s.riskByAccount[accountId]?.nextResetAt ?? null)))
  return (
    <span className="trading-clock" data-testid="trading-clock" title={`Exchange time (${zone})`}>
      <Icon name="clock" />
      <span className="num" data-testid="exchange-time">
        {exchangeTime(now, zone)} {zoneAbbreviation(now, zone)}
      </span>
      {day !== null && <span className="muted">Trading day {day}</span>}
      {resetAt !== null && (
        <span data-testid="reset-countdown">
          Reset in <span className="num">{countdown(resetAt - now)}</span>
        </span>
      )}
    </span>
  )
}
