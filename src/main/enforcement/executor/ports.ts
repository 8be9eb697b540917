// The executor's view of the outside world: a small gateway port (so it does not depend on the gateway
// module being restructured in parallel), a lockout sink, an enforcement log and the record it writes.
import type { Lockout, LockoutScope, PlanActionKind } from '../../risk/plan'

/** Every write the executor sends carries a tag with this prefix, so our own fills are recognisable. */
export const CUSTOM_TAG_PREFIX = 'TG-'

/**
 * Result of one write. `retryable` means the gateway surely did not apply it (429, 5xx before commit,
 * connection refused); `timeout` is ambiguous and must be checked before anything is resent (RETRY-5).
 */
export type GatewayWriteResult =
  | { readonly kind: 'ok'; readonly orderId: number | null }
  | { readonly kind: 'rejected'; readonly code: number; readonly message: string | null }
  | { readonly kind: 'retryable'; readonly status: number | null; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'timeout'; readonly reason: string }

export interface OpenPosition {
  readonly contractId: string
  /** Absolute size, > 0 while open. */
  readonly size: number
}

export interface OpenOrder {
  readonly orderId: number
  readonly contractId: string
  readonly customTag: string | null
  readonly stopPrice: number | null
}

export interface StopRequest {
  readonly contractId: string
  readonly side: 'buy' | 'sell'
  readonly size: number
  readonly stopPrice: number
}

/** Implemented over the gateway REST client on the enforcement lane (priority ≥ 9, past open breakers). */
export interface EnforcementGateway {
  closePosition(accountId: number, contractId: string, customTag: string): Promise<GatewayWriteResult>
  partialClose(accountId: number, contractId: string, size: number, customTag: string): Promise<GatewayWriteResult>
  cancelOrder(accountId: number, orderId: number, customTag: string): Promise<GatewayWriteResult>
  placeStop(accountId: number, stop: StopRequest, customTag: string): Promise<GatewayWriteResult>
  modifyStop(accountId: number, orderId: number, stopPrice: number, customTag: string): Promise<GatewayWriteResult>
  searchOpenPositions(accountId: number): Promise<readonly OpenPosition[]>
  searchOpenOrders(accountId: number): Promise<readonly OpenOrder[]>
}

/** Lockouts are state, not gateway calls: the lockout manager (and its synchronous store write) owns them. */
export interface LockoutSink {
  setLockout(lockout: Lockout): void | Promise<void>
  clearLockout(accountId: number, ruleId: string, scope: LockoutScope): void | Promise<void>
}

export type EnforcementOutcome =
  /** The account reached the required state, confirmed by a fresh read. */
  | 'verified'
  /** Nothing to do: already flat / order already gone when first looked at. */
  | 'noop'
  /** Lockout handed to the sink. */
  | 'applied'
  /** The gateway refused for a business reason; retrying cannot help. */
  | 'rejected'
  /** Not confirmed within the attempt bound (PIPE-7: logged with success = false). */
  | 'failed'
  /** Shadow mode: what would have been done; nothing was sent. */
  | 'shadow'

export interface EnforcementRecord {
  readonly accountId: number
  readonly ruleId: string
  readonly action: PlanActionKind
  readonly reason: string
  /** The event that caused the plan arrived (epoch ms). */
  readonly receivedAt: number
  readonly plannedAt: number
  /** First request sent to the gateway; null when nothing was sent. */
  readonly firstRequestAt: number | null
  readonly verifiedAt: number | null
  readonly outcome: EnforcementOutcome
  /** Write requests sent (reads not counted). */
  readonly attempts: number
  readonly shadow: boolean
  readonly detail: string | null
}

export interface EnforcementLog {
  record(record: EnforcementRecord): void
}
