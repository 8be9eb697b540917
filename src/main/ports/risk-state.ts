// The risk engine's durable state as a port: lockouts, daily realized P&L, the unrealized history and the
// enforcement log. The store implements it (store/repositories/risk-state-repository.ts); the risk core
// and the executor depend on this interface, never on SQLite.

/** I-9: an explicit expiry kind instead of an overloaded null. */
export type LockoutExpiry = { readonly kind: 'until'; readonly at: number } | { readonly kind: 'daily_reset' } | { readonly kind: 'indefinite' }

export interface Lockout {
  readonly id: number
  readonly accountId: number
  readonly ruleId: string
  /** '' = the whole account; otherwise a symbol root or contract id. */
  readonly scope: string
  readonly reason: string
  readonly expiry: LockoutExpiry
  readonly lockedAt: number
}

export interface EnforcementRecord {
  readonly ts: number
  readonly accountId: number
  readonly ruleId: string
  readonly action: string
  readonly reason: string
  readonly success: boolean
  readonly positionsClosed: number
  readonly ordersCanceled: number
  readonly executionTimeMs: number | null
  readonly lockoutUntil?: number | null
  readonly pnlAtEnforcement?: number | null
  readonly errorMessage?: string | null
  readonly correlationId?: string | null
  readonly details?: Readonly<Record<string, unknown>> | null
}

/** Persistence of risk state; lockouts and P&L are written synchronously (risk-rules.md I-26). */
export interface RiskStateRepository {
  /** Sets (or replaces) the active lockout for (account, rule, scope) (I-6). */
  setLockout(lock: Omit<Lockout, 'id'>): Lockout
  activeLockouts(now: number, accountId?: number): Lockout[]
  clearLockouts(filter: { accountId: number; ruleId?: string; scope?: string; expiryKind?: LockoutExpiry['kind'] }, by: string, reason: string, at: number): number
  addRealizedPnl(accountId: number, tradingDay: string, pnl: number, fees: number, at: number): void
  setDailyPnl(accountId: number, tradingDay: string, totals: { realizedPnl: number; fees: number; tradeCount: number }, at: number): void
  dailyPnl(accountId: number, tradingDay: string): { realizedPnl: number; fees: number; tradeCount: number } | null
  recordUnrealized(accountId: number, tradingDay: string, pnl: number, positionsCount: number, totalExposure: number | null, at: number): void
  unrealized(accountId: number, tradingDay: string): { last: number; min: number; max: number } | null
  logEnforcement(record: EnforcementRecord): number
  enforcementHistory(limit: number, options?: { onlyFailed?: boolean; accountId?: number }): Array<EnforcementRecord & { id: number }>
}
