// Enforcement plans as data: what the pure risk core decides and the executor carries out.
// This file is the seam between risk/ (which produces plans) and enforcement/ (which runs them);
// it imports nothing and both sides depend on it.

/** Whole account, or one symbol root as traders write it (ES, MNQ, CL…), upper-case. */
export type LockoutScope = { readonly kind: 'account' } | { readonly kind: 'symbol'; readonly root: string }

/** When a lockout ends. `daily_reset` ones are cleared by the trading-day reset only. */
export type LockoutExpiry =
  | { readonly kind: 'until'; /** epoch ms */ readonly at: number }
  | { readonly kind: 'daily_reset'; /** epoch ms of the reset that clears it */ readonly at: number }
  | { readonly kind: 'indefinite' }

/** A lockout keyed by (accountId, ruleId, scope). */
export interface Lockout {
  readonly accountId: number
  readonly ruleId: string
  readonly scope: LockoutScope
  readonly expiry: LockoutExpiry
  /** Trader-readable reason, e.g. "Daily realized loss −$512.40 reached the −$500 limit". */
  readonly reason: string
  /** epoch ms */
  readonly setAt: number
  /** epoch ms of the event that caused it (e.g. the losing fill), when older than setAt. Added by the risk core. */
  readonly causedAt?: number
}

/** One enforcement action. Targets are gateway ids (contractId like CON.F.US.EP.Z26, order ids). */
export type PlanAction =
  | { readonly kind: 'close_all'; readonly accountId: number }
  | { readonly kind: 'close_position'; readonly accountId: number; readonly contractId: string }
  | { readonly kind: 'reduce_position'; readonly accountId: number; readonly contractId: string; readonly by: number }
  | { readonly kind: 'cancel_order'; readonly accountId: number; readonly orderId: number }
  | { readonly kind: 'cancel_all_orders'; readonly accountId: number; readonly contractId?: string }
  | {
      readonly kind: 'place_stop'
      readonly accountId: number
      readonly contractId: string
      /** The side of the stop order (the closing side of the position). */
      readonly side: 'buy' | 'sell'
      readonly size: number
      readonly stopPrice: number
    }
  | { readonly kind: 'modify_stop'; readonly accountId: number; readonly orderId: number; readonly stopPrice: number }
  | { readonly kind: 'set_lockout'; readonly lockout: Lockout }
  | { readonly kind: 'clear_lockout'; readonly accountId: number; readonly ruleId: string; readonly scope: LockoutScope }

export type PlanActionKind = PlanAction['kind']

/** Higher runs first and wins a conflict (risk-rules issue: lockout > close all > close one > reduce > cancel > stop). */
export const ACTION_SEVERITY: Readonly<Record<PlanActionKind, number>> = {
  set_lockout: 90,
  close_all: 80,
  close_position: 70,
  reduce_position: 60,
  cancel_all_orders: 50,
  cancel_order: 40,
  place_stop: 20,
  modify_stop: 10,
  clear_lockout: 0,
}

/** Each action says which rule asked for it, so the audit log and the UI can name the cause. */
export interface PlannedAction {
  readonly ruleId: string
  readonly action: PlanAction
  /** Trader-readable reason. */
  readonly reason: string
}

/** One merged plan per account and event, actions ordered by severity (highest first). */
export interface Plan {
  readonly accountId: number
  readonly actions: readonly PlannedAction[]
}
