// What the hub layer hands to the rest of the engine: normalized gateway events (already unwrapped
// from `{action,data}`, flattened from arrays, validated) plus connection lifecycle signals.

import type { PxAccount, PxDepth, PxMarketTrade, PxOrder, PxPosition, PxQuote, PxTrade } from '../../shared/projectx/models'
import type { HubState } from '../../shared/domain/health'

export type GatewayEvent =
  | { readonly kind: 'account'; readonly data: PxAccount }
  | { readonly kind: 'order'; readonly data: PxOrder }
  | { readonly kind: 'position'; readonly data: PxPosition }
  | { readonly kind: 'trade'; readonly data: PxTrade }
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
