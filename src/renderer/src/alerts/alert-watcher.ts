// Watches the store for what deserves an alert: an account turning WARNING, a rule newly breached, a
// new lockout. Compares each risk view with the previous one, so a reload or a repeated push never
// alerts twice. The engine decides; this only tells the trader.
import type { AccountRiskView } from '../../../shared/domain/risk'
import type { Preferences } from '../../../shared/domain/preferences'
import type { TiltguardStore } from '../state/store'
import { alertNow, type AlertMessage } from './alert-outputs'

export type AlertKind = keyof Preferences['notifications']

export interface PendingAlert extends AlertMessage {
  readonly kind: AlertKind
}

type RiskByAccount = Readonly<Record<number, AccountRiskView>>

/** The alerts between two risk views (previous null = first load: nothing to announce). */
export function alertsBetween(prev: RiskByAccount | null, next: RiskByAccount, name: (id: number) => string): PendingAlert[] {
  if (prev === null) return []
  const out: PendingAlert[] = []
  for (const account of Object.values(next)) {
    const before = prev[account.accountId]
    if (before === undefined || before === account) continue
    const who = name(account.accountId)
    const knownLocks = new Set(before.lockouts.map((l) => `${l.ruleId}:${l.symbol ?? ''}`))
    for (const l of account.lockouts)
      if (!knownLocks.has(`${l.ruleId}:${l.symbol ?? ''}`)) out.push({ kind: 'lockout', title: `${who} LOCKED`, body: `${l.label}: ${l.reason}` })
    const breachedBefore = new Set(before.rules.filter((r) => r.standing === 'breached').map((r) => r.ruleId))
    for (const r of account.rules)
      if (r.standing === 'breached' && !breachedBefore.has(r.ruleId)) out.push({ kind: 'breach', title: `${who}: ${r.label} breached`, body: r.message })
    if (account.status === 'WARNING' && before.status === 'ACTIVE') {
      const worst = [...account.rules].sort((a, b) => (b.percentUsed ?? 0) - (a.percentUsed ?? 0))[0]
      out.push({ kind: 'warning', title: `${who} WARNING`, body: worst?.message ?? 'A rule is close to its limit' })
    }
  }
  return out
}

/** Starts alerting from `store`; returns the function that stops it. */
export function startAlertWatcher(store: TiltguardStore, output: typeof alertNow = alertNow): () => void {
  let prev: RiskByAccount | null = null
  return store.subscribe((s) => {
    if (s.riskByAccount === prev) return
    const name = (id: number) => s.accounts.find((a) => a.id === id)?.name ?? `Account ${id}`
    const first = prev === null || Object.keys(prev).length === 0
    const alerts = alertsBetween(first ? null : prev, s.riskByAccount, name)
    prev = s.riskByAccount
    for (const a of alerts) output(a, s.preferences.notifications[a.kind], a.kind !== 'warning')
  })
}
