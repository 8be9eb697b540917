// Lockouts of every account, the longest first (LOCK-5): reason, rule, until when in exchange time,
// and a live countdown that stops at zero (the engine clears the lockout; the banner then goes).
import type { ReactElement } from 'react'
import type { LockoutView } from '../../../../shared/domain/risk'
import { useTiltguardStore } from '../../state/store'
import { selectAccountsById } from '../../state/selectors'
import { useNow } from '../../components/use-now'
import { Icon } from '../../components/Icon'
import { ClearLockout } from './ClearLockout'
import { countdown, exchangeTime, zoneAbbreviation } from '../../lib/format'

function Until({ lockout, zone, now }: { readonly lockout: LockoutView; readonly zone: string; readonly now: number }): ReactElement {
  if (lockout.expiry === 'indefinite' || lockout.endsAt === null) return <span>until an admin clears it</span>
  const left = lockout.endsAt - now
  return (
    <span>
      until {exchangeTime(lockout.endsAt, zone, false)} {zoneAbbreviation(lockout.endsAt, zone)}
      {lockout.expiry === 'daily_reset' && ' (daily reset)'} ·{' '}
      <strong className="num" data-testid="lockout-countdown">
        {left > 0 ? countdown(left) : 'clearing…'}
      </strong>
    </span>
  )
}

export function LockoutBanner(): ReactElement | null {
  const lockouts = useTiltguardStore((s) => s.lockouts)
  const accounts = useTiltguardStore(selectAccountsById)
  const zone = useTiltguardStore((s) => s.riskMeta?.exchangeTimeZone ?? 'America/Chicago')
  const now = useNow()
  if (lockouts.length === 0) return null
  return (
    <section className="lockout-banner" role="alert" aria-label="Lockouts" data-testid="lockout-banner">
      {lockouts.map((l) => {
        const name = accounts.get(l.accountId)?.name ?? `Account ${l.accountId}`
        return (
          <div key={`${l.accountId}:${l.ruleId}:${l.symbol ?? ''}`} className="lockout" data-testid={`lockout-${l.accountId}-${l.ruleId}`}>
            <Icon name="lock" /> <strong>LOCKED</strong> <span title={`account #${l.accountId}`}>{name}</span>
            {l.symbol !== null && <span> · {l.symbol} only</span>} · {l.label}: {l.reason} · <Until lockout={l} zone={zone} now={now} /> <ClearLockout lockout={l} />
          </div>
        )
      })}
    </section>
  )
}
