// Risk state as the engine decides it: per account status, P&L, rule headroom (findings) and
// lockouts, plus where the rules come from. Accounts are keyed by id and an unchanged account keeps
// its reference, so one account's tick re-renders only that account's widgets.
import type { StateCreator } from 'zustand'
import type { AccountRiskView, LockoutView, RiskSnapshot } from '../../../../shared/domain/risk'
import type { TiltguardState } from '../store'
import { keepIfSame } from './same'

export type RiskMeta = Omit<RiskSnapshot, 'accounts' | 'at'>

export interface RiskSlice {
  /** Null until the engine has sent a risk view. */
  readonly riskMeta: RiskMeta | null
  readonly riskByAccount: Readonly<Record<number, AccountRiskView>>
  /** epoch ms of the engine's latest risk view (for the stale check). */
  readonly riskAt: number | null
  /** Every lockout of every account, longest first (LOCK-5); indefinite ones lead. */
  readonly lockouts: readonly LockoutView[]
  setRisk(risk: RiskSnapshot): void
}

/** Sort key: indefinite lockouts first, then the latest end. */
function endKey(l: LockoutView): number {
  return l.endsAt ?? Number.POSITIVE_INFINITY
}

export function sortLockouts(all: readonly LockoutView[]): LockoutView[] {
  return [...all].sort((a, b) => endKey(b) - endKey(a) || a.accountId - b.accountId)
}

export const createRiskSlice: StateCreator<TiltguardState, [], [], RiskSlice> = (set) => ({
  riskMeta: null,
  riskByAccount: {},
  riskAt: null,
  lockouts: [],
  setRisk: (risk) =>
    set((s) => {
      const { accounts, at, ...meta } = risk
      const byAccount: Record<number, AccountRiskView> = {}
      for (const a of accounts) byAccount[a.accountId] = keepIfSame(s.riskByAccount[a.accountId], a) ?? a
      return {
        riskMeta: keepIfSame(s.riskMeta, meta),
        riskByAccount: keepIfSame(s.riskByAccount, byAccount),
        riskAt: at,
        lockouts: keepIfSame(s.lockouts, sortLockouts(accounts.flatMap((a) => a.lockouts))),
      }
    }),
})
