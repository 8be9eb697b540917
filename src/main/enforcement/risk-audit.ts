// Audit rows of enforcement, in the trader's words: every action the executor ran (with its latency and
// whether it was shadow), every lockout set or ended. The rows join the audit hash chain like any other.
import type { AuditRepository } from '../ports/repositories'
import type { AccountState } from '../risk/state'
import type { Lockout } from '../risk/plan'
import type { EnforcementRecord } from './executor/ports'

const ACTION_WORDS: Readonly<Record<EnforcementRecord['action'], string>> = {
  close_all: 'Closed every position and cancelled every order',
  close_position: 'Closed a position',
  reduce_position: 'Reduced a position',
  cancel_order: 'Cancelled an order',
  cancel_all_orders: 'Cancelled working orders',
  place_stop: 'Placed a protective stop',
  modify_stop: 'Moved a protective stop',
  set_lockout: 'Locked trading',
  clear_lockout: 'Lifted a lockout',
}

const OUTCOME_WORDS: Readonly<Record<EnforcementRecord['outcome'], string>> = {
  verified: 'verified',
  noop: 'nothing left to do',
  applied: 'applied',
  rejected: 'refused by the gateway',
  failed: 'NOT confirmed after every retry',
  shadow: 'shadow mode: not sent',
}

export function auditEnforcement(audit: AuditRepository, record: EnforcementRecord, now: number): void {
  // Lockouts get their own rows from the state change (auditLockoutChanges), with the reason and end time.
  if (record.action === 'set_lockout' || record.action === 'clear_lockout') return
  const end = record.verifiedAt ?? now
  const latencyMs = Math.max(0, end - record.receivedAt)
  const words = record.shadow ? `Would have: ${ACTION_WORDS[record.action].toLowerCase()}` : ACTION_WORDS[record.action]
  audit.append({
    at: now,
    category: 'enforcement',
    severity: record.outcome === 'failed' || record.outcome === 'rejected' ? 'critical' : record.shadow ? 'info' : 'warning',
    message: `${words} (${record.reason}) — ${OUTCOME_WORDS[record.outcome]}${record.shadow ? '' : ` in ${latencyMs} ms`}`,
    accountId: record.accountId,
    detail: { ruleId: record.ruleId, latencyMs: record.shadow ? null : latencyMs, shadow: record.shadow, attempts: record.attempts, detail: record.detail },
  })
}

/** Rows for lockouts that appeared or ended between two states; returns the messages of new ones. */
export function auditLockoutChanges(
  audit: AuditRepository,
  before: AccountState | undefined,
  after: AccountState,
  now: number,
  shadow: boolean,
  label: (ruleId: string) => string,
): string[] {
  const prior = before?.lockouts ?? {}
  if (prior === after.lockouts && (before?.halted ?? false) === after.halted) return []
  const added: string[] = []
  for (const [key, lockout] of Object.entries(after.lockouts)) {
    if (prior[key] !== undefined) continue
    const message = `${shadow ? 'Shadow: would lock' : 'Locked'} ${scopeWords(lockout)} by ${label(lockout.ruleId)} ${untilWords(lockout, after.tradingDaySettings.timeZone)}: ${lockout.reason}`
    audit.append({ at: now, category: 'enforcement', severity: 'critical', message, accountId: after.accountId, detail: { ruleId: lockout.ruleId, shadow, expiry: lockout.expiry } })
    added.push(message)
  }
  for (const [key, lockout] of Object.entries(prior)) {
    if (after.lockouts[key] !== undefined) continue
    audit.append({ at: now, category: 'enforcement', severity: 'info', message: `Lockout ended: ${scopeWords(lockout)} (${label(lockout.ruleId)})`, accountId: after.accountId, detail: { ruleId: lockout.ruleId, shadow } })
  }
  if (before !== undefined && before.halted && !after.halted) {
    audit.append({ at: now, category: 'enforcement', severity: 'info', message: 'Kill-switch halt lifted', accountId: after.accountId, detail: { ruleId: 'kill_switch', shadow } })
  }
  return added
}

function scopeWords(lockout: Lockout): string {
  return lockout.scope.kind === 'account' ? 'the account' : `${lockout.scope.root}`
}

/** The end in the account's trading-day time zone, with its abbreviation (CST, EDT…). */
function untilWords(lockout: Lockout, timeZone: string): string {
  const e = lockout.expiry
  if (e.kind === 'indefinite') return 'until an admin clears it'
  // dateStyle/timeStyle cannot be combined with timeZoneName: spelled out field by field.
  const when = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(e.at)
  return e.kind === 'daily_reset' ? `until the daily reset (${when})` : `until ${when}`
}
