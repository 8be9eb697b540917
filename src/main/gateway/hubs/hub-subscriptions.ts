// Desired server-side subscriptions of one hub, persisted and re-applied after every connect
// (SUB-1, SUB-2, RETRY-8): SubscribeAccounts first, then per-account / per-contract calls.

import type { Clock } from '../../ports/clock'
import type { HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'
import { PX_MARKET_HUB, PX_USER_HUB } from '../../../shared/projectx/endpoints'
import { TimerGroup } from '../../util/timer-group'

/** One hub method invocation. */
export interface SubscriptionCall {
  readonly method: string
  readonly args: readonly (string | number)[]
}

/** The invoke surface subscriptions need. */
export interface Invoker {
  invoke(method: string, ...args: unknown[]): Promise<unknown>
}

/** Options of {@link HubSubscriptions}. */
export interface HubSubscriptionsOptions {
  readonly hub: HubName
  readonly clock: Clock
  readonly logger: Logger
  /** Where the desired set survives restarts (SUB-1); omitted → memory only. */
  readonly meta?: MetaRepository
  /** Per-invoke timeout (default 5 000). */
  readonly timeoutMs?: number
  /** Pause between retries of a failed invoke (default 5 000). */
  readonly retryDelayMs?: number
  /** Retries after the first failure (default 3). */
  readonly retries?: number
}

/** Result of applying all subscriptions on one connection. */
export interface ApplyResult {
  readonly ok: boolean
  /** Calls still failing after every retry. */
  readonly failed: readonly SubscriptionCall[]
  /** True when cancelled (connection replaced or supervisor stopped). */
  readonly cancelled: boolean
}

type Id = string | number

/** Meta key for a hub's desired subscriptions. */
export const subscriptionMetaKey = (hub: HubName): string => `hubs.${hub}.subscriptions`

/**
 * Desired-state registry. Account ids (user hub) or contract ids (market hub) are the state; the hub
 * calls are derived from it, so a reconnect re-creates exactly what is wanted.
 */
export class HubSubscriptions {
  private readonly ids = new Set<Id>()
  private readonly timers: TimerGroup
  private readonly listeners = new Set<(added: readonly SubscriptionCall[], removed: readonly SubscriptionCall[]) => void>()

  constructor(private readonly options: HubSubscriptionsOptions) {
    this.timers = new TimerGroup(options.clock)
    const saved = options.meta?.get<Id[]>(subscriptionMetaKey(options.hub))
    if (Array.isArray(saved)) for (const id of saved) if (this.valid(id)) this.ids.add(id)
  }

  /** Account ids (user hub) or contract ids (market hub) currently desired. */
  get desired(): readonly Id[] {
    return [...this.ids]
  }

  /** Pending retry/timeout timers (leak checks). */
  get pendingTimers(): number {
    return this.timers.size
  }

  /** Called with the live calls to make when the desired set changes; returns an unsubscribe. */
  onChange(listener: (added: readonly SubscriptionCall[], removed: readonly SubscriptionCall[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Replaces the desired set (e.g. the active accounts, or the held contracts). */
  set(ids: readonly Id[]): void {
    const next = new Set(ids.filter((id) => this.valid(id)))
    const added = [...next].filter((id) => !this.ids.has(id))
    const removed = [...this.ids].filter((id) => !next.has(id))
    if (added.length === 0 && removed.length === 0) return
    this.ids.clear()
    for (const id of next) this.ids.add(id)
    this.options.meta?.set(subscriptionMetaKey(this.options.hub), [...this.ids])
    const addCalls = added.flatMap((id) => this.callsFor(id, 'subscribe'))
    // A newly desired account also needs SubscribeAccounts if it is the first one.
    if (this.options.hub === 'user' && added.length > 0 && added.length === this.ids.size) addCalls.unshift({ method: PX_USER_HUB.subscribeAccounts, args: [] })
    const removeCalls = removed.flatMap((id) => this.callsFor(id, 'unsubscribe'))
    for (const l of this.listeners) l(addCalls, removeCalls)
  }

  add(id: Id): void {
    this.set([...this.ids, id])
  }

  remove(id: Id): void {
    this.set([...this.ids].filter((x) => x !== id))
  }

  has(id: Id): boolean {
    return this.ids.has(id)
  }

  /** Every call to make after a connect: the ordered first phase, then the parallel rest (RETRY-8). */
  plan(): { readonly first: readonly SubscriptionCall[]; readonly rest: readonly SubscriptionCall[] } {
    if (this.options.hub === 'user') {
      if (this.ids.size === 0) return { first: [], rest: [] }
      return { first: [{ method: PX_USER_HUB.subscribeAccounts, args: [] }], rest: [...this.ids].flatMap((id) => this.callsFor(id, 'subscribe')) }
    }
    return { first: [], rest: [...this.ids].flatMap((id) => this.callsFor(id, 'subscribe')) }
  }

  /** Invokes the whole plan on `conn`, each call with a timeout and retries (SUB-2). */
  async apply(conn: Invoker, isCurrentNow: () => boolean): Promise<ApplyResult> {
    const { first, rest } = this.plan()
    const failed: SubscriptionCall[] = []
    // Once the connection stopped being current at any point, the outcome is "cancelled", not "failed":
    // a failure verdict would trigger a needless hub restart.
    let lostCurrency = false
    const isCurrent = (): boolean => {
      if (!isCurrentNow()) lostCurrency = true
      return !lostCurrency
    }
    for (const call of first) if (!(await this.invokeWithRetry(conn, call, isCurrent))) failed.push(call)
    const results = await Promise.all(rest.map(async (call) => ((await this.invokeWithRetry(conn, call, isCurrent)) ? null : call)))
    for (const r of results) if (r !== null) failed.push(r)
    const cancelled = !isCurrent()
    return { ok: failed.length === 0 && !cancelled, failed, cancelled }
  }

  /** Invokes the given calls once each (live add/remove); failures are logged, the next connect re-applies. */
  async invokeNow(conn: Invoker, calls: readonly SubscriptionCall[]): Promise<void> {
    await Promise.all(calls.map(async (call) => {
      try {
        await this.invokeOnce(conn, call)
      } catch (e) {
        this.options.logger.warn('hub subscription call failed', { hub: this.options.hub, method: call.method, error: String(e) })
      }
    }))
  }

  /** Cancels pending retries and timeouts. */
  cancel(): void {
    this.timers.clear()
  }

  private async invokeWithRetry(conn: Invoker, call: SubscriptionCall, isCurrent: () => boolean): Promise<boolean> {
    const retries = this.options.retries ?? 3
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (!isCurrent()) return false
      try {
        await this.invokeOnce(conn, call)
        return true
      } catch (e) {
        this.options.logger.warn('hub subscribe failed', { hub: this.options.hub, method: call.method, attempt: attempt + 1, error: String(e) })
      }
      if (attempt < retries && !(await this.timers.sleep(this.options.retryDelayMs ?? 5000))) return false
    }
    return false
  }

  private invokeOnce(conn: Invoker, call: SubscriptionCall): Promise<unknown> {
    const timeoutMs = this.options.timeoutMs ?? 5000
    return new Promise((resolve, reject) => {
      const timer = this.timers.set(() => reject(new Error(`${call.method} timed out after ${timeoutMs} ms`)), timeoutMs)
      conn.invoke(call.method, ...call.args).then(
        (v) => {
          this.timers.cancel(timer)
          resolve(v)
        },
        (e: unknown) => {
          this.timers.cancel(timer)
          reject(e instanceof Error ? e : new Error(String(e)))
        },
      )
    })
  }

  private callsFor(id: Id, kind: 'subscribe' | 'unsubscribe'): SubscriptionCall[] {
    if (this.options.hub === 'user') {
      const u = PX_USER_HUB
      const methods = kind === 'subscribe' ? [u.subscribeOrders, u.subscribePositions, u.subscribeTrades] : [u.unsubscribeOrders, u.unsubscribePositions, u.unsubscribeTrades]
      return methods.map((method) => ({ method, args: [id] }))
    }
    return [{ method: kind === 'subscribe' ? PX_MARKET_HUB.subscribeQuotes : PX_MARKET_HUB.unsubscribeQuotes, args: [id] }]
  }

  private valid(id: unknown): id is Id {
    return this.options.hub === 'user' ? typeof id === 'number' && Number.isInteger(id) : typeof id === 'string' && id.length > 0
  }
}
