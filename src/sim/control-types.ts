// The SimControl surface: tests and the HTTP side channel drive the simulator through these operations.
import type {
  CancelOrderRequest,
  ClosePositionRequest,
  ModifyOrderRequest,
  PartialClosePositionRequest,
  PlaceOrderRequest,
  PlaceOrderResponse,
  PxAccount,
  PxEnvelope,
  PxOrder,
  PxPosition,
  PxTrade,
} from '../shared/projectx'
import type { IssuedToken } from './auth'
import type { SimBehaviour } from './behaviour'
import type { HubLogEntry, RequestLogEntry } from './core'
import type { DropMode, HubName, RestFaultRule } from './faults'
import type { FrameLogEntry } from './hub/hub-server'
import type { PricePoint, SimQuote } from './market'
import type { PlatformRuleState, PlatformRules } from './platform-rules'
import type { RateBudget } from './rate-limit'

/** Garbage presets for S7 (bad frames must be skipped by the client). */
export type GarbageKind = 'missingFields' | 'wrongTypes' | 'crossedQuote' | 'nullDepth' | 'unknownTarget' | 'malformedJson'

/** A live hub connection as the control API reports it. */
export interface HubConnectionInfo {
  id: string
  hub: HubName
  token: string
  accounts: boolean
  orders: number[]
  positions: number[]
  trades: number[]
  quotes: string[]
  marketTrades: string[]
  depth: string[]
}

/**
 * Every operation takes at most one plain-object argument and returns plain data, so the HTTP side
 * channel maps `POST /_sim/<name>` with a JSON body one-to-one onto these methods.
 * Times in `*Ms` fields of logs are virtual; fault windows given in ms (refuse, ignore, latency, delay) are real time.
 */
export interface SimControl {
  // ---- state reads ----
  /** All accounts (balance, canTrade) as REST would return them. */
  accounts(): PxAccount[]
  /** Open positions, optionally of one account. */
  positions(arg?: { accountId?: number }): PxPosition[]
  /** Orders (all statuses by default; `openOnly` = status 1 Open, like Order/searchOpen). */
  orders(arg?: { accountId?: number; openOnly?: boolean }): PxOrder[]
  /** Fills, oldest first. */
  trades(arg?: { accountId?: number }): PxTrade[]
  /** Every token issued, in order. */
  tokens(): IssuedToken[]
  /** REST requests seen, in order (optionally those whose path contains `path`). */
  requestLog(arg?: { path?: string }): RequestLogEntry[]
  /** Hub negotiate/connect attempts, in order. */
  hubLog(): HubLogEntry[]
  /** Frames sent on the hubs, in order (pings included unless `excludePings`). */
  frames(arg?: { hub?: HubName; excludePings?: boolean }): FrameLogEntry[]
  /** Open hub connections and their subscriptions. */
  connections(): HubConnectionInfo[]
  /** Current top of book of a contract. */
  quote(arg: { contractId: string }): SimQuote | null
  /** Virtual time in ms. */
  now(): number
  /** Empty the request, hub and frame logs. */
  clearLogs(): void

  // ---- another trader's hands (the TopstepX web app) ----
  placeOrder(arg: PlaceOrderRequest): PlaceOrderResponse
  modifyOrder(arg: ModifyOrderRequest): PxEnvelope
  cancelOrder(arg: CancelOrderRequest): PxEnvelope
  closePosition(arg: ClosePositionRequest): PxEnvelope
  partialClosePosition(arg: PartialClosePositionRequest): PxEnvelope
  /** Flip an account's canTrade (emits GatewayUserAccount). */
  setCanTrade(arg: { accountId: number; canTrade: boolean }): boolean
  /** Auto-OCO bracket mode for an account (brackets on place accepted instead of rejected). */
  setAutoOco(arg: { accountId: number; enabled: boolean }): boolean
  /**
   * Partial fills, each 0 = off: `maxFillSize` caps every order per matching pass (global); `orderId` with
   * `maxFillSize` caps that one order instead; `perLevel` caps what one price level fills per quote, shared
   * by every order resting there.
   */
  setPartialFills(arg: { maxFillSize?: number; orderId?: number; perLevel?: number }): void
  /** Void a fill: trade event with voided:true, Trade/search shows it, its P&L and fees leave the balance. */
  voidTrade(arg: { tradeId: number }): PxTrade | null
  /** Per-side exchange fee (and optionally commission) per contract for a product: root `EP`, symbol `ES` or contract id. */
  setFees(arg: { product: string; fee: number; commission?: number }): boolean
  /** Change behaviour switches at run time (see SimBehaviour); returns them all. */
  setBehaviour(arg: Partial<SimBehaviour>): SimBehaviour
  /** Prop-firm platform rules for one account (flatten at 15:10 CT, daily loss limit → liquidate, canTrade false until 17:00 CT); null = off. */
  setPlatformRules(arg: { accountId: number; rules: PlatformRules | null }): boolean
  /** Where each account with platform rules stands (day P&L, lock). */
  platformRules(): PlatformRuleState[]

  // ---- market ----
  /** Set the quote now (missing fields unchanged; last defaults to bid), broadcast it and match orders. */
  setQuote(arg: { contractId: string; bid?: number; ask?: number; last?: number }): SimQuote | null
  /** Queue an exact price path; each market step consumes one point (number = bid/last, ask = +1 tick). */
  scriptPrices(arg: { contractId: string; path: PricePoint[] }): boolean
  /** Advance the market by `steps` ticks for one contract (default: every active contract). */
  stepMarket(arg?: { contractId?: string; steps?: number }): void
  /**
   * Move to `price` in `steps` tick-grid points (the last is `price`). With `everyMs` each point is applied
   * on the virtual clock every `everyMs`; without, the points queue like a script and each market step
   * (stepMarket, the ticker) takes one.
   */
  movePrice(arg: { contractId: string; price: number; steps: number; everyMs?: number }): boolean
  /** Gap: jump to `price` (last = bid, ask one tick above) in one frame, now or `afterMs` of virtual time later. */
  gapPrice(arg: { contractId: string; price: number; afterMs?: number }): boolean
  /** Freeze the random walk (scripted/explicit quotes still apply). */
  freezeMarket(arg: { frozen: boolean }): void
  /** Manual session override: open/closed (closed: place → code 5, no price moves); null returns to the calendar. */
  setSession(arg: { open: boolean | null }): void

  // ---- clock ----
  /** Jump virtual time forward (token expiry, timestamps, bar windows); virtual-clock timers fire in order on the way. */
  advanceClock(arg: { ms: number }): number
  /** Frozen virtual time moves only through advanceClock (for deterministic timestamps); `atMs` pins it first. */
  freezeClock(arg: { frozen: boolean; atMs?: number }): void

  // ---- faults ----
  /** Drop hub sockets now, or after `afterFrames` more frames on that hub. Returns sockets dropped now. */
  dropHubs(arg: { mode: DropMode; hub?: HubName; afterFrames?: number }): number
  /** Refuse hub negotiate/upgrade with `status` for `ms` (real time). */
  refuseHubConnects(arg: { ms: number; status: number; hub?: HubName }): void
  /** Add a REST fault rule (see RestFaultRule); returns its id. */
  failRequests(arg: RestFaultRule): number
  /** Remove every REST fault rule. */
  clearRequestFaults(): void
  /** Add latency (real ms) to requests (optionally paths containing `path`); ms 0 removes the rules. */
  setLatency(arg: { ms: number; path?: string }): void
  /** Expire every token issued so far (REST 401, hub 401, validate 401). */
  expireTokens(): void
  /** Session invalidated elsewhere: tokens revoked (REST 401, validate code 1), GatewayLogout, hubs closed. */
  revokeSession(): void
  /** Duplicate the next N user events, reverse the order of the next N, and/or delay each by ms. */
  userEventFaults(arg: { duplicate?: number; reorder?: number; delayMs?: number }): void
  /** Send GatewayLogout on every user-hub connection. */
  sendLogout(arg?: { args?: unknown[] }): number
  /** Silent stall: sockets stay open, nothing is sent (no pings) and invocations are ignored. */
  stallHubs(arg: { stalled: boolean; hub?: HubName }): void
  /** Half-dead feed: market frames stop, pings continue. */
  stopQuotes(arg: { stopped: boolean }): void
  /** Ignore Subscribe* for `ignoreMs` (real time) and/or answer the next `errorCount` with an error completion. */
  subscribeFaults(arg: { hub?: HubName; ignoreMs?: number; errorCount?: number }): void
  /** Reject the next `count` places (order frames 6 → 5). Default code 2. */
  rejectOrders(arg: { count: number; errorCode?: number; errorMessage?: string }): void
  /** Change REST budgets (sliding window per token); also clears the counters. */
  setRateLimits(arg: { general?: RateBudget; bars?: RateBudget }): void
  /** Send malformed frames (S7). */
  injectGarbage(arg: { kind: GarbageKind; accountId?: number; contractId?: string }): number
  /** Send an arbitrary invocation frame on a hub. */
  injectFrame(arg: { hub: HubName; target: string; arguments: unknown[] }): number
  /** Make the next `count` loginKey calls fail with errorCode 3/7/9/10 (default count: unlimited; errorCode 0 clears). */
  failLogin(arg: { errorCode: number; count?: number }): void
  /** Make the next `count` validate calls fail: HTTP 500/503, or 200 `success:false` with errorCode. */
  failValidate(arg: { mode: 500 | 503 | 'envelope'; errorCode?: number; count?: number }): void
  /** Clear every fault switch (market, clock and books untouched). */
  resetFaults(): void
}
