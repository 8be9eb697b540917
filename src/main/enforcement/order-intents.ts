// Place/cancel/modify through persisted intents: the row is committed before the HTTP call, ambiguous
// outcomes are verified by customTag / order id, resends reuse the same tag (ORD-1..7, IDEM-1..3, S3, S5, S6).

import type { Clock } from '../ports/clock'
import { PRIORITY } from '../ports/gateway'
import type { CallOptions, GatewayRest, WriteOutcome } from '../ports/gateway'
import type { Logger } from '../ports/logger'
import type { Notifier } from '../ports/notifier'
import type { AuditRepository, IntentKind, IntentRepository, IntentStatus, OrderIntent, TransitionRepository } from '../ports/repositories'
import type { ModifyOrderRequest, PlaceOrderRequest } from '../../shared/projectx/endpoints'
import { OrderStatus, TERMINAL_ORDER_STATUSES } from '../../shared/projectx/enums'
import { CancelOrderErrorCode, PlaceOrderErrorCode } from '../../shared/projectx/error-codes'
import type { Order } from '../portfolio/model'
import { KeyedMutex } from '../util/keyed-mutex'
import { createUlidFactory, makeCustomTag } from './custom-tag'

export interface OrderIntentOptions {
  /** ORD-3: waits between verification tries. */
  readonly verifyDelaysMs: readonly number[]
  /** ORD-3: a verification round never takes longer than this. */
  readonly verifyBudgetMs: number
  /** ORD-4: sends per intent, the first included. */
  readonly maxSends: number
  /** ORD-3: Order/search window starts this long before the intent was created. */
  readonly searchLookbackMs: number
  /** ORD-2 */
  readonly placeTimeoutMs: number
  readonly cancelModifyTimeoutMs: number
  /** Pause before resending after a retryable `failed` outcome. */
  readonly resendDelayMs: number
}

export const DEFAULT_ORDER_INTENT_OPTIONS: OrderIntentOptions = {
  verifyDelaysMs: [2_000, 5_000, 10_000],
  verifyBudgetMs: 30_000,
  maxSends: 3,
  searchLookbackMs: 60_000,
  placeTimeoutMs: 10_000,
  cancelModifyTimeoutMs: 5_000,
  resendDelayMs: 1_000,
}

export interface OrderIntentDeps {
  readonly rest: GatewayRest
  readonly intents: IntentRepository
  readonly transitions: TransitionRepository
  readonly audit: AuditRepository
  readonly notifier: Notifier
  readonly clock: Clock
  readonly logger: Logger
  /**
   * The per-account lock shared by every writer (CONC-1): the same instance the kill switch holds. Sends run
   * under it; it is re-entrant, so enforcement already holding the account passes through.
   */
  readonly mutex?: KeyedMutex<number>
  /** ULID source for tags; defaults to a clock-driven factory. */
  readonly ulid?: () => string
}

/** Where an intent ended up after `submit`. */
export interface IntentOutcome {
  readonly customTag: string
  readonly status: IntentStatus
  readonly orderId: number | null
  /** Gateway errorCode of a rejection, else null. */
  readonly errorCode: number | null
  /** Trader-readable reason for rejected / failed / manual_review, else null. */
  readonly message: string | null
}

/** Options of one submission. */
export interface SubmitOptions {
  readonly priority?: number
  readonly correlationId?: string
  /**
   * IDEM-3: callers that may fire twice (double click, a rule re-evaluated) pass a stable key; while an
   * intent with that key is unresolved, a second call joins it instead of creating another order.
   */
  readonly intentKey?: string
}

type Verification = { found: true; orderId: number | null } | { found: false; rejectedMessage?: string }

const TERMINAL_INTENT: readonly IntentStatus[] = ['acknowledged', 'rejected', 'failed', 'manual_review']

/**
 * The single door for our own order writes. Each send runs under the shared per-account mutex (CONC-1),
 * so a UI write and an enforcement step on one account never interleave.
 */
export class OrderIntents {
  private readonly opts: OrderIntentOptions
  private readonly log: Logger
  private readonly ulid: () => string
  private readonly inflight = new Map<string, Promise<IntentOutcome>>()
  private readonly byKey = new Map<string, string>()
  private readonly mutex: KeyedMutex<number>

  constructor(
    private readonly deps: OrderIntentDeps,
    options: Partial<OrderIntentOptions> = {},
  ) {
    this.opts = { ...DEFAULT_ORDER_INTENT_OPTIONS, ...options }
    this.log = deps.logger.child('intents')
    this.ulid = deps.ulid ?? createUlidFactory(() => deps.clock.now())
    this.mutex = deps.mutex ?? new KeyedMutex<number>()
  }

  /** ORD-1: place with a fresh customTag; the intent row exists before the request leaves. */
  place(accountId: number, reason: string, order: Omit<PlaceOrderRequest, 'accountId' | 'customTag'>, options: SubmitOptions = {}): Promise<IntentOutcome> {
    return this.createAndSubmit('place', accountId, order.contractId, reason, options, (tag) => ({ ...order, accountId, customTag: tag }))
  }

  cancel(accountId: number, orderId: number, reason: string, options: SubmitOptions = {}): Promise<IntentOutcome> {
    return this.createAndSubmit('cancel', accountId, null, reason, options, () => ({ accountId, orderId }), orderId)
  }

  modify(request: ModifyOrderRequest, reason: string, options: SubmitOptions = {}): Promise<IntentOutcome> {
    return this.createAndSubmit('modify', request.accountId, null, reason, options, () => ({ ...request }), request.orderId)
  }

  /** Commits a `created` intent row (IDEM-2) and returns it; `submit` sends it. */
  create(kind: IntentKind, accountId: number, contractId: string | null, reason: string, request: (tag: string) => Record<string, unknown>, orderId: number | null = null): OrderIntent {
    const tag = makeCustomTag(accountId, reason, this.ulid())
    const now = this.deps.clock.now()
    const intent: OrderIntent = {
      customTag: tag,
      accountId,
      kind,
      contractId,
      reason,
      request: request(tag),
      status: 'created',
      orderId,
      sendCount: 0,
      createdAt: now,
      updatedAt: now,
      lastError: null,
    }
    this.deps.intents.insert(intent)
    this.deps.transitions.record({ orderId, customTag: tag, from: null, to: 'created', trigger: 'intent', reason, at: now })
    return intent
  }

  /** IDEM-3: submitting the same intent twice sends once; a settled intent answers from its row. */
  submit(customTag: string, options: SubmitOptions = {}): Promise<IntentOutcome> {
    const running = this.inflight.get(customTag)
    if (running !== undefined) return running
    const intent = this.deps.intents.get(customTag)
    if (intent === null) return Promise.reject(new Error(`unknown intent ${customTag}`))
    if (TERMINAL_INTENT.includes(intent.status)) return Promise.resolve(this.outcome(intent, null))
    const run = this.mutex.run(intent.accountId, () => this.execute(intent, options)).finally(() => this.inflight.delete(customTag))
    this.inflight.set(customTag, run)
    return run
  }

  /** Records a status change on the row and in the transition log (ORD-7). Also used by the position closer. */
  mark(customTag: string, to: IntentStatus, patch: { orderId?: number | null; sendCount?: number; lastError?: string | null } = {}, reason: string | null = null): OrderIntent {
    const before = this.deps.intents.get(customTag)
    if (before === null) throw new Error(`unknown intent ${customTag}`)
    const now = this.deps.clock.now()
    this.deps.intents.update(customTag, { ...patch, status: to }, now)
    const after = this.deps.intents.get(customTag) ?? before
    if (before.status !== to) {
      this.deps.transitions.record({ orderId: after.orderId, customTag, from: before.status, to, trigger: 'intent', reason, at: now })
    }
    return after
  }

  /**
   * IDEM-2 / S5: at start-up, before new enforcement, settle every `created`/`sent`/`unknown` intent by looking
   * it up. Nothing found is NOT resent: the order was decided on state that is gone; enforcement re-plans
   * from fresh positions. Intents that cannot be checked (gateway down) stay `unknown`.
   */
  async resolveUnresolved(): Promise<IntentOutcome[]> {
    const results: IntentOutcome[] = []
    for (const intent of this.deps.intents.listUnresolved()) {
      let verification: Verification | null
      try {
        verification = intent.kind === 'close' || intent.kind === 'partial_close' ? { found: false } : await this.verifyOnce(intent, true)
      } catch {
        verification = null
      }
      let row: OrderIntent
      if (verification === null) row = this.mark(intent.customTag, 'unknown', { lastError: 'could not verify at start-up' }, 'startup')
      else if (verification.found) row = this.mark(intent.customTag, 'acknowledged', { orderId: verification.orderId ?? intent.orderId, lastError: null }, 'startup: found')
      else row = this.mark(intent.customTag, 'failed', { lastError: verification.rejectedMessage ?? 'not found at start-up; not resent' }, 'startup: not found')
      results.push(this.outcome(row, null))
    }
    return results
  }

  // ---- internals -------------------------------------------------------------------------------------

  private createAndSubmit(
    kind: IntentKind,
    accountId: number,
    contractId: string | null,
    reason: string,
    options: SubmitOptions,
    request: (tag: string) => Record<string, unknown>,
    orderId: number | null = null,
  ): Promise<IntentOutcome> {
    if (options.intentKey !== undefined) {
      const existing = this.byKey.get(options.intentKey)
      if (existing !== undefined) {
        const row = this.deps.intents.get(existing)
        if (row !== null && !TERMINAL_INTENT.includes(row.status)) return this.submit(existing, options)
      }
    }
    const intent = this.create(kind, accountId, contractId, reason, request, orderId)
    if (options.intentKey !== undefined) {
      const key = options.intentKey
      this.byKey.set(key, intent.customTag)
      const run = this.submit(intent.customTag, options)
      void run.finally(() => {
        if (this.byKey.get(key) === intent.customTag) this.byKey.delete(key)
      }).catch(() => undefined)
      return run
    }
    return this.submit(intent.customTag, options)
  }

  private async execute(start: OrderIntent, options: SubmitOptions): Promise<IntentOutcome> {
    let intent = start
    while (intent.sendCount < this.opts.maxSends) {
      intent = this.mark(intent.customTag, 'sent', { sendCount: intent.sendCount + 1 }, intent.sendCount === 0 ? 'send' : 'resend')
      const outcome = await this.send(intent, options)
      this.log.info('intent write outcome', { customTag: intent.customTag, kind: intent.kind, outcome: outcome.kind, send: intent.sendCount })
      if (outcome.kind === 'ok') {
        return this.outcome(this.mark(intent.customTag, 'acknowledged', { orderId: outcome.orderId ?? intent.orderId, lastError: null }, 'gateway ok'), null)
      }
      if (outcome.kind === 'rejected') {
        if (this.rejectionNeedsLookup(intent, outcome)) {
          const found = await this.verifyOnce(intent, false).catch((): Verification => ({ found: false }))
          if (found.found) return this.outcome(this.mark(intent.customTag, 'acknowledged', { orderId: found.orderId, lastError: null }, 'already placed'), null)
        }
        const message = outcome.message ?? outcome.errorName
        const row = this.mark(intent.customTag, 'rejected', { orderId: outcome.orderId ?? intent.orderId, lastError: message }, `rejected ${outcome.errorCode}`)
        return this.outcome(row, outcome.errorCode)
      }
      if (outcome.kind === 'failed') {
        if (!outcome.retryable || intent.sendCount >= this.opts.maxSends) {
          return this.outcome(this.mark(intent.customTag, 'failed', { lastError: outcome.reason }, 'send failed'), null)
        }
        await this.sleep(this.opts.resendDelayMs)
        continue
      }
      // uncertain: the server may or may not have it (ORD-3).
      intent = this.mark(intent.customTag, 'unknown', { lastError: outcome.reason }, 'uncertain')
      const verified = await this.verify(intent)
      if (verified.found) {
        return this.outcome(this.mark(intent.customTag, 'acknowledged', { orderId: verified.orderId ?? intent.orderId, lastError: null }, 'verified'), null)
      }
      if (verified.rejectedMessage !== undefined) {
        return this.outcome(this.mark(intent.customTag, 'rejected', { lastError: verified.rejectedMessage }, 'verified rejected'), null)
      }
      intent = this.deps.intents.get(intent.customTag) ?? intent
    }
    const row = this.mark(intent.customTag, 'manual_review', { lastError: 'outcome unknown after all sends' }, 'sends exhausted')
    this.deps.notifier.notify('Order needs review', `An order sent for ${intent.reason} could not be confirmed on account ${intent.accountId}. Check the platform.`, 'critical')
    this.deps.audit.append({ at: this.deps.clock.now(), category: 'order', severity: 'critical', message: 'Order intent needs manual review', accountId: intent.accountId, detail: { customTag: intent.customTag, kind: intent.kind } })
    return this.outcome(row, null)
  }

  /** ORD-5 / S6: a resent place rejected with code 2 is probably our own duplicate tag: look before believing it. */
  private rejectionNeedsLookup(intent: OrderIntent, outcome: Extract<WriteOutcome, { kind: 'rejected' }>): boolean {
    if (intent.kind === 'place') {
      return outcome.errorCode === PlaceOrderErrorCode.OrderRejected && (intent.sendCount > 1 || /tag|duplicate/i.test(outcome.message ?? ''))
    }
    if (intent.kind === 'cancel') {
      return intent.sendCount > 1 && (outcome.errorCode === CancelOrderErrorCode.OrderNotFound || outcome.errorCode === CancelOrderErrorCode.Rejected)
    }
    return intent.kind === 'modify' && intent.sendCount > 1
  }

  private send(intent: OrderIntent, options: SubmitOptions): Promise<WriteOutcome> {
    const call: CallOptions = {
      priority: options.priority ?? PRIORITY.enforcement,
      timeoutMs: intent.kind === 'place' ? this.opts.placeTimeoutMs : this.opts.cancelModifyTimeoutMs,
      correlationId: options.correlationId ?? intent.customTag,
    }
    const rest = this.deps.rest
    const req = intent.request
    switch (intent.kind) {
      case 'place':
        return rest.placeOrder(req as unknown as PlaceOrderRequest, call).catch((e: unknown) => uncertainFrom(e))
      case 'cancel':
        return rest.cancelOrder(intent.accountId, Number(req.orderId), call).catch((e: unknown) => uncertainFrom(e))
      case 'modify':
        return rest.modifyOrder(req as unknown as ModifyOrderRequest, call).catch((e: unknown) => uncertainFrom(e))
      default:
        return Promise.resolve({ kind: 'failed', reason: `intent kind ${intent.kind} is sent by the position closer`, retryable: false })
    }
  }

  /** ORD-3: tries after 2 s, 5 s and 10 s more, within the 30 s budget. */
  private async verify(intent: OrderIntent): Promise<Verification> {
    const started = this.deps.clock.now()
    for (const delay of this.opts.verifyDelaysMs) {
      if (this.deps.clock.now() + delay - started > this.opts.verifyBudgetMs) break
      await this.sleep(delay)
      try {
        const result = await this.verifyOnce(intent, false)
        if (result.found || result.rejectedMessage !== undefined) return result
      } catch (error) {
        this.log.warn('verification lookup failed', { customTag: intent.customTag, error: error instanceof Error ? error.message : 'unknown' })
      }
    }
    return { found: false }
  }

  /** One lookup: by order id when known, else Order/search over [created − 60 s, now] by exact customTag. */
  private async verifyOnce(intent: OrderIntent, atStartup: boolean): Promise<Verification> {
    const rest = this.deps.rest
    const call: CallOptions = { priority: atStartup ? PRIORITY.reconcile : PRIORITY.enforcement, correlationId: intent.customTag }
    if (intent.kind === 'place') {
      if (intent.orderId !== null) {
        const order = await rest.searchOrderById(intent.accountId, intent.orderId, call)
        if (order !== null && order.customTag === intent.customTag) return { found: true, orderId: order.id }
      }
      const start = new Date(intent.createdAt - this.opts.searchLookbackMs).toISOString()
      const end = new Date(this.deps.clock.now() + 1_000).toISOString()
      const orders = await rest.searchOrders(intent.accountId, start, end, call)
      const match = orders.find((o) => o.customTag === intent.customTag && o.accountId === intent.accountId)
      return match === undefined ? { found: false } : { found: true, orderId: match.id }
    }
    if (intent.orderId === null) return { found: false }
    const order = await rest.searchOrderById(intent.accountId, intent.orderId, call)
    if (order === null) return { found: false }
    if (intent.kind === 'cancel') return cancelVerification(order)
    return modifyMatches(order, intent.request) ? { found: true, orderId: order.id } : { found: false }
  }

  private outcome(intent: OrderIntent, errorCode: number | null): IntentOutcome {
    const failed = intent.status === 'rejected' || intent.status === 'failed' || intent.status === 'manual_review'
    return { customTag: intent.customTag, status: intent.status, orderId: intent.orderId, errorCode, message: failed ? intent.lastError : null }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms))
  }
}

/** A write that threw (should not happen with the RestClient) is treated as ambiguous, never as "not sent". */
function uncertainFrom(error: unknown): WriteOutcome {
  return { kind: 'uncertain', reason: error instanceof Error ? error.message : 'write threw' }
}

/** A cancel is done when the order is no longer working; a fill before the cancel is reported as such. */
function cancelVerification(order: Order): Verification {
  if (order.status === OrderStatus.Cancelled) return { found: true, orderId: order.id }
  if (TERMINAL_ORDER_STATUSES.includes(order.status)) {
    const word = order.status === OrderStatus.Filled ? 'filled' : order.status === OrderStatus.Expired ? 'expired' : 'rejected'
    return { found: false, rejectedMessage: `order already ${word}` }
  }
  return { found: false }
}

function modifyMatches(order: Order, request: Readonly<Record<string, unknown>>): boolean {
  const same = (field: 'size' | 'limitPrice' | 'stopPrice' | 'trailPrice'): boolean => {
    const wanted = request[field]
    return wanted === undefined || wanted === null || order[field] === wanted
  }
  return same('size') && same('limitPrice') && same('stopPrice')
}
