// The contract every rule file meets: a zod schema with §2 defaults and a pure evaluation.
import type { z } from 'zod'
import type { GlobalConfig } from '../config/global'
import type { PlannedAction } from '../plan'
import type { AccountState, RiskState } from '../state'

export type FindingStatus = 'ok' | 'warning' | 'breach' | 'info'

/** The figures the UI shows per rule: value against limit, % used, when the verdict may change next. */
export interface Finding {
  readonly ruleId: string
  readonly accountId: number
  readonly status: FindingStatus
  readonly currentValue: number | null
  readonly limit: number | null
  readonly percentUsed: number | null
  /** epoch ms at which this finding can change without an event, or null. */
  readonly nextChangeAt: number | null
  readonly message: string
  /** Scope detail, e.g. a symbol root or contract id. */
  readonly subject?: string
}

export interface RuleContext {
  readonly state: RiskState
  readonly account: AccountState
  readonly global: GlobalConfig
  readonly aliases: Readonly<Record<string, string>>
  readonly holidays: readonly string[]
  readonly now: number
}

export interface RuleResult {
  readonly findings: readonly Finding[]
  readonly plan: readonly PlannedAction[]
}

export interface RuleDefinition<S extends z.ZodType = z.ZodType, Id extends string = string> {
  readonly id: Id
  readonly schema: S
  /** Automation rules (trade_management) are not turned into lockouts by strict mode. */
  readonly automation?: boolean
  readonly evaluate: (ctx: RuleContext, config: z.output<S>) => RuleResult
}

export function defineRule<S extends z.ZodType, const Id extends string>(rule: RuleDefinition<S, Id>): RuleDefinition<S, Id> {
  return rule
}
