// What the hub layer hands to the rest of the engine: normalized gateway events (already unwrapped
// from `{action,data}`, flattened from arrays, validated; accounts, orders, positions and fills as domain
// records) plus connection lifecycle signals. Market data stays wire-shaped: only the quote book reads it.

import type { PxDepth, PxMarketTrade, PxQuote } from '../../shared/projectx/models'
import type { Account, Fill, Order, Position } from '../portfolio/model'
import type { HubState } from '../../shared/domain/health'

export type GatewayEvent =
  | { readonly kind: 'account'; readonly data: Account }
  | { readonly kind: 'order'; readonly data: Order }
  | { readonly kind: 'position'; readonly data: Position }
  | { readonly kind: 'trade'; readonly data: Fill }
  | { readonly kind: 'quote'; readonly contractId: string; readonly data: PxQuote }
  | { readonly kind: 'market-trade'; readonly contractId: string; readonly data: PxMarketTrade }
  | { readonly kind: 'depth'; readonly contractId: string; readonly data: PxDepth }
  /** The gateway ended this session (e.g. the same user signed in elsewhere). */
  | { readonly kind: 'logout' }

export type HubName = 'user' | 'market'

export interface HubLifecycleListener {
  /** Every state transition (HUB-11). */
  onStateChange?(hub: HubName, state: HubState, detail: string | null): void
  /** After a (re)connect once subscriptions are re-applied; the reconciler runs here (HUB-6). */
  onConnected?(hub: HubName, reason: 'start' | 'reconnect' | 'rebuild'): void
  /** When an outage begins: data must be shown as STALE from now on (HUB-5, RECON-2). */
  onOutage?(hub: HubName): void
}

export type GatewayEventListener = (event: GatewayEvent, receivedAt: number) => void
