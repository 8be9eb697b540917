// The risk engine's durable state as ports: per-rule lockouts, trading-day counters, reset state, the
// enforcement log and rules-config versions. Implemented over SQLite in store/repositories; the engine
// writes lockouts, P&L, counters and reset state synchronously with the event that changed them (DB-1).
import type { EnforcementRecord } from '../enforcement/executor/ports'
import type { Lockout, LockoutScope } from '../risk/plan'

export interface LockoutStore {
  /** Sets or replaces the active lockout of (account, rule, scope). */
  save(lockout: Lockout): void
  /** Clears the active lockout of (account, rule, scope); false when none was active. */
  clear(accountId: number, ruleId: string, scope: LockoutScope, clearedBy: string, reason: string, at: number): boolean
  /** Lockouts active at `now` (an 'until' in the past is not restored, LOCK-4). */
  active(now: number, accountId?: number): Lockout[]
}

export interface CounterStore {
  /** Adds `delta` to a named counter of the trading day and returns the new value. */
  add(accountId: number, tradingDay: string, counter: string, delta: number, at: number): number
  all(accountId: number, tradingDay: string): Readonly<Record<string, number>>
}

export interface ResetState {
  readonly accountId: number
  readonly lastResetAt: number | null
  /** The boundary the last reset executed (RESET-4: never twice for one boundary). */
  readonly lastBoundaryAt: number | null
  readonly nextResetAt: number | null
  readonly resetTime: string
  readonly timezone: string
}

export interface ResetStateStore {
  get(accountId: number): ResetState | null
  save(state: ResetState, at: number): void
}

export interface StoredEnforcementRecord extends EnforcementRecord {
  readonly id: number
}

export interface EnforcementLogStore {
  append(record: EnforcementRecord): number
  /** Newest first. */
  recent(limit: number, accountId?: number): StoredEnforcementRecord[]
}

export type RulesConfigAuthor = 'trader' | 'admin' | 'file' | 'default' | 'import'

export interface RulesConfigVersion {
  readonly id: number
  readonly yaml: string
  readonly sha256: string
  readonly createdAt: number
  readonly createdBy: RulesConfigAuthor
  readonly note: string | null
}

export interface RulesConfigStore {
  save(yaml: string, by: RulesConfigAuthor, at: number, note?: string): RulesConfigVersion
  latest(): RulesConfigVersion | null
  /** Newest first. */
  list(limit: number): RulesConfigVersion[]
}
