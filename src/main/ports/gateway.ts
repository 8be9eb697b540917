// The gateway as the rest of the engine sees it: one typed function per REST endpoint, and a token
// source. Implemented by src/main/gateway; the simulator is the ground truth in tests. Portfolio reads
// answer with domain records (normalised at the gateway edge); requests, bars and contracts keep the
// wire types, which nothing above the edge stores.

import type {
  PlaceOrderRequest,
  ModifyOrderRequest,
  RetrieveBarsRequest,
} from '../../shared/projectx/endpoints'
import type { PxBar, PxContract } from '../../shared/projectx/models'
import type { Account, Fill, Order, Position } from '../portfolio/model'

/** Urgency of a call: enforcement (>= 9) has a reserved lane, bypasses open breakers and is never dropped. */
export type CallPriority = number
export const PRIORITY = { background: 1, poll: 3, reconcile: 5, user: 7, enforcement: 10 } as const

export interface CallOptions {
  readonly priority?: CallPriority
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
  /** Correlates log lines of one logical operation (RETRY-9). */
  readonly correlationId?: string
}

/**
 * Outcome of a mutating call. Writes never throw for business outcomes and are never replayed blindly:
 * an ambiguous result is `uncertain` and must be verified (TOK-11, RETRY-5).
 */
export type WriteOutcome =
  | { readonly kind: 'ok'; readonly orderId: number | null }
  | { readonly kind: 'rejected'; readonly errorCode: number; readonly errorName: string; readonly message: string | null; readonly orderId: number | null }
  | { readonly kind: 'uncertain'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly retryable: boolean }

export interface GatewayRest {
  searchAccounts(onlyActive: boolean, opts?: CallOptions): Promise<Account[]>
  searchOpenPositions(accountId: number, opts?: CallOptions): Promise<Position[]>
  searchOpenOrders(accountId: number, opts?: CallOptions): Promise<Order[]>
  searchOrders(accountId: number, startIso: string, endIso?: string, opts?: CallOptions): Promise<Order[]>
  searchOrderById(accountId: number, orderId: number, opts?: CallOptions): Promise<Order | null>
  searchTrades(accountId: number, startIso: string, endIso?: string, opts?: CallOptions): Promise<Fill[]>
  retrieveBars(request: RetrieveBarsRequest, opts?: CallOptions): Promise<PxBar[]>
  searchContractById(contractId: string, opts?: CallOptions): Promise<PxContract | null>
  availableContracts(live: boolean, opts?: CallOptions): Promise<PxContract[]>
  placeOrder(request: PlaceOrderRequest, opts?: CallOptions): Promise<WriteOutcome>
  modifyOrder(request: ModifyOrderRequest, opts?: CallOptions): Promise<WriteOutcome>
  cancelOrder(accountId: number, orderId: number, opts?: CallOptions): Promise<WriteOutcome>
  closePosition(accountId: number, contractId: string, opts?: CallOptions): Promise<WriteOutcome>
  partialClosePosition(accountId: number, contractId: string, size: number, opts?: CallOptions): Promise<WriteOutcome>
}

/** Where the current session token comes from (the token manager). */
export interface TokenSource {
  /** The current token, or null when signed out / expired. Never logged. */
  current(): string | null
  /** Single-flight refresh; resolves with the new token or rejects when the session is gone. */
  refresh(reason: string): Promise<string>
  /** Called after every atomic swap; returns an unsubscribe function. */
  onTokenSwapped(listener: (token: string) => void): () => void
}
