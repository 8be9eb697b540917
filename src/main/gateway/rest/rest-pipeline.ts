// The call pipeline under RestClient: breaker → rate limiter → one HTTP attempt → classifier. Reads
// retry with backoff and replay once after a 401; writes are sent at most once and answer with a
// WriteOutcome (TOK-10/11, RETRY-1..5, RATE-*, CB-*). Also owns REST health and persistence.

import type { PxEndpoint } from '../../../shared/projectx/endpoints'
import { systemClock, type Clock } from '../../ports/clock'
import { PRIORITY, type CallOptions, type TokenSource, type WriteOutcome } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import { AttemptLog } from './attempt-log'
import { DEFAULT_RETRY, type RandomSource, type RetryConfig } from './backoff'
import { CallAdmission, settlePermit, type Admission } from './call-admission'
import { BREAKER_CONFIGS, CircuitBreaker, type BreakerPermit } from './circuit-breaker'
import { classifyAttempt, type Classification, type RawAttempt } from './classify'
import type { RestBreakerGroup } from './endpoint-table'
import { GatewayError } from './gateway-error'
import { DEFAULT_MAX_REPLY_BYTES, sendHttpAttempt, type FetchLike } from './http-transport'
import { RateLimiter, RESERVED_LANE_PRIORITY } from './rate-limiter'
import { ReadRetryBudget, sleepUnlessAborted, throwIfAborted } from './read-retry'
import { RestHealthFeed, type RestHealthDescription } from './rest-health-feed'
import { DEFAULT_HEALTH_THRESHOLDS, RestHealthTracker } from './rest-health'
import {
  createCallContext,
  DEFAULT_TIMEOUTS,
  type AuthEndpoint,
  type CallContext,
  type CallDefaults,
  type RestClientOptions,
} from './rest-pipeline-options'
import type { ReplyCheck } from './reply-schemas'
import { extractOrderId, failedAttemptOutcome, failedWrite, notSentReason } from './write-outcome'

// Moved to their own files; re-exported so importers of this module keep working unchanged.
export { DEFAULT_TIMEOUTS } from './rest-pipeline-options'
export type { AuthEndpoint, RestClientOptions, RestTimeouts } from './rest-pipeline-options'
export type { RestHealthDescription } from './rest-health-feed'

/** Shared machinery of the REST client; RestClient adds one typed method per endpoint. */
export class RestPipeline {
  /** Exposed for the health aggregator and tests; do not acquire slots from outside. */
  readonly limiter: RateLimiter
  private readonly breakers: Readonly<Record<RestBreakerGroup, CircuitBreaker>>
  private readonly health: RestHealthTracker
  private readonly healthFeed: RestHealthFeed
  private readonly admission: CallAdmission
  private readonly attemptLog: AttemptLog
  private readonly callDefaults: CallDefaults
  private readonly baseUrl: string
  private readonly tokens: TokenSource
  private readonly clock: Clock
  private readonly logger: Logger | undefined
  private readonly random: RandomSource
  private readonly fetchFn: FetchLike
  private readonly retry: RetryConfig
  private readonly maxRequeues: number
  private readonly maxReplyBytes: number

  constructor(options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.tokens = options.tokenSource
    this.clock = options.clock ?? systemClock
    this.logger = options.logger?.child('rest')
    this.random = options.random ?? Math.random
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init))
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
    this.maxRequeues = options.maxRateLimitRequeues ?? 5
    this.maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES
    this.callDefaults = {
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      priority: options.defaultPriority ?? PRIORITY.user,
      clock: this.clock,
      random: this.random,
    }
    const deps = {
      clock: this.clock,
      ...(this.logger ? { logger: this.logger } : {}),
      ...(options.meta ? { meta: options.meta } : {}),
    }
    this.limiter = new RateLimiter({
      ...deps,
      ...options.limiter,
      ...(options.rateBuckets ? { buckets: options.rateBuckets } : {}),
    })
    this.breakers = {
      general: new CircuitBreaker('general', options.breakers?.general ?? BREAKER_CONFIGS.general, deps),
      history: new CircuitBreaker('history', options.breakers?.history ?? BREAKER_CONFIGS.history, deps),
    }
    this.admission = new CallAdmission(this.limiter, this.breakers, this.clock)
    this.attemptLog = new AttemptLog(this.logger)
    this.health = new RestHealthTracker({ ...DEFAULT_HEALTH_THRESHOLDS, ...options.health })
    this.healthFeed = new RestHealthFeed(
      { tracker: this.health, limiter: this.limiter, breakers: Object.values(this.breakers) },
      this.logger,
    )
  }

  // ---- auth passthrough for the token manager -------------------------------------------------------

  /**
   * Sends an Auth/* call through the shared limiter (logins count against 200/60 s) with an explicit
   * token (null for loginKey). No breaker, no 401 refresh, no retries: the token manager owns its ladder.
   * Resolves with the envelope on success; throws a GatewayError otherwise.
   */
  async authRequest<T extends object>(
    endpoint: AuthEndpoint,
    body: object,
    token: string | null,
    opts?: CallOptions,
  ): Promise<T> {
    const ctx = this.context(endpoint, { ...opts, priority: opts?.priority ?? RESERVED_LANE_PRIORITY })
    const ticket = await this.admission.acquireSlot(ctx)
    const c = await this.attempt(ctx, token, body, 1)
    ticket.complete()
    if (c.ok) return c.body as T
    if (c.error.category === 'RATE_LIMITED') this.limiter.freeze(ctx.info.bucket, c.error.retryAfterMs)
    throw c.error
  }

  // ---- health ---------------------------------------------------------------------------------------

  /** Current REST health, limiter usage and breaker states, for the health aggregator to poll. */
  describeRestHealth(): RestHealthDescription {
    return this.healthFeed.describe()
  }

  /** Called when the REST health word or a breaker state changes; returns an unsubscribe function. */
  onHealthChange(listener: (description: RestHealthDescription) => void): () => void {
    return this.healthFeed.onChange(listener)
  }

  /** The breaker of a group (tests, diagnostics). */
  breaker(group: RestBreakerGroup): CircuitBreaker {
    return this.breakers[group]
  }

  /** Saves limiter state now (call on quit, RATE-5). */
  flush(): void {
    this.limiter.flush()
  }

  /** Saves state, stops timers, rejects queued calls. */
  dispose(): void {
    this.healthFeed.dispose()
    this.limiter.dispose()
    for (const breaker of Object.values(this.breakers)) breaker.dispose()
  }

  // ---- internals ------------------------------------------------------------------------------------

  protected async read(
    endpoint: PxEndpoint,
    body: object,
    opts?: CallOptions,
    check?: ReplyCheck,
  ): Promise<Record<string, unknown>> {
    const ctx = this.context(endpoint, opts)
    const budget = new ReadRetryBudget(this.retry, this.maxRequeues, this.random)
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(ctx)
      const { ticket, permit } = await this.admission.admit(ctx)
      // Read at send time: during a proactive refresh the still-valid old token keeps working (TOK-4).
      const token = this.tokens.current()
      if (token === null) {
        ticket.release()
        permit.neutral()
        throw new GatewayError({
          endpoint,
          category: 'AUTH',
          retryable: false,
          messageKey: 'gateway.error.notSignedIn',
        })
      }
      const c = await this.attempt(ctx, token, body, attempt, permit, undefined, check)
      ticket.complete()
      if (c.ok) return c.body
      const error = c.error
      const step = budget.next(error)
      switch (step.kind) {
        case 'refresh':
          await this.refreshAfter401(ctx)
          continue
        case 'requeue':
          this.limiter.freeze(ctx.info.bucket, error.retryAfterMs)
          this.logger?.warn('rest call re-queued after 429', {
            endpoint,
            attempt,
            requeue: step.requeue,
            correlationId: ctx.correlationId,
          })
          continue
        case 'backoff':
          this.logger?.info('rest retry scheduled', {
            endpoint,
            attempt,
            retry: step.retry,
            delayMs: step.delayMs,
            category: error.category,
            correlationId: ctx.correlationId,
          })
          await sleepUnlessAborted(this.clock, step.delayMs, ctx)
          continue
        case 'fail':
          throw error
      }
    }
  }

  /** One attempt, never retried or replayed (RETRY-5); the answer is a WriteOutcome, never a throw. */
  protected async write(endpoint: PxEndpoint, body: object, opts?: CallOptions): Promise<WriteOutcome> {
    const ctx = this.context(endpoint, opts)
    if (ctx.signal?.aborted) return failedWrite('aborted', true)
    let admitted: Admission
    try {
      admitted = await this.admission.admit(ctx)
    } catch (error) {
      const reason = notSentReason(error)
      this.logger?.warn('rest write not sent', {
        endpoint,
        reason,
        correlationId: ctx.correlationId,
        priority: ctx.priority,
      })
      return failedWrite(reason, true)
    }
    const token = this.tokens.current()
    if (token === null) {
      admitted.ticket.release()
      admitted.permit.neutral()
      return failedWrite('not_signed_in', false)
    }
    const { c, orderId } = await this.attemptWithOrderId(ctx, token, body, admitted.permit)
    admitted.ticket.complete()
    if (c.ok) return { kind: 'ok', orderId }
    // Side effects first, so the caller's own retry carries a new token or waits for the bucket.
    if (c.error.category === 'AUTH') await this.refreshAfter401(ctx).catch(() => undefined)
    else if (c.error.category === 'RATE_LIMITED') this.limiter.freeze(ctx.info.bucket, c.error.retryAfterMs)
    return failedAttemptOutcome(c, orderId)
  }

  private context(endpoint: PxEndpoint, opts?: CallOptions): CallContext {
    return createCallContext(endpoint, opts, this.callDefaults)
  }

  private async attemptWithOrderId(
    ctx: CallContext,
    token: string,
    body: object,
    permit: BreakerPermit,
  ): Promise<{ c: Classification; orderId: number | null }> {
    let orderId: number | null = null
    const c = await this.attempt(ctx, token, body, 1, permit, (raw) => {
      orderId = extractOrderId(raw)
    })
    return { c, orderId }
  }

  /** One HTTP attempt, classified, with breaker, health and log bookkeeping. */
  private async attempt(
    ctx: CallContext,
    token: string | null,
    body: object,
    attempt: number,
    permit?: BreakerPermit,
    onRaw?: (raw: RawAttempt) => void,
    check?: ReplyCheck,
  ): Promise<Classification> {
    const { raw, latencyMs } = await sendHttpAttempt(this.fetchFn, this.clock, {
      url: this.baseUrl + ctx.info.path,
      method: ctx.info.endpoint === 'ping' ? 'GET' : 'POST',
      token,
      body: ctx.info.endpoint === 'ping' ? undefined : body,
      timeoutMs: ctx.timeoutMs,
      // H12-1: an admitted probe runs to its answer (or its own timeout) even when the caller gives up, so
      // that it decides the breaker; an aborted probe would count as neither and leave HALF_OPEN stuck.
      signal: permit?.probe === true ? undefined : ctx.signal,
      maxBodyBytes: this.maxReplyBytes,
    })
    onRaw?.(raw)
    const classified = classifyAttempt(ctx.info.endpoint, raw)
    // H12-3: a well-formed envelope whose items fail the wire schema is a typed MALFORMED error. The
    // server did answer (the breaker hears success) but REST health must not read HEALTHY meanwhile.
    const problem = classified.ok && check ? check(classified.body) : null
    const c = problem === null ? classified : malformedReply(ctx, problem)
    if (problem !== null) this.logger?.warn('rest reply malformed; previous state kept', { endpoint: ctx.info.endpoint, problem, correlationId: ctx.correlationId })
    if (permit) settlePermit(permit, c.breaker)
    // A caller abort says nothing about the server, so it does not move REST health (HEALTH-1).
    if (raw.kind !== 'aborted')
      this.health.record({ ok: problem === null && (c.ok || c.breaker !== 'failure'), reached: c.reached, latencyMs })
    this.attemptLog.record(ctx, attempt, raw, c, latencyMs)
    return c
  }

  private async refreshAfter401(ctx: CallContext): Promise<void> {
    this.logger?.info('401 received: refreshing token', {
      endpoint: ctx.info.endpoint,
      correlationId: ctx.correlationId,
    })
    try {
      await this.tokens.refresh('401')
    } catch (error) {
      throw new GatewayError({
        endpoint: ctx.info.endpoint,
        category: 'AUTH',
        retryable: false,
        httpStatus: 401,
        cause: error,
      })
    }
  }

  /** Items already passed `check` in the attempt when one was given; the cast is then sound. */
  protected list<T>(endpoint: PxEndpoint, body: Record<string, unknown>, field: string): T[] {
    const value = body[field]
    if (Array.isArray(value)) return value as T[]
    // A success envelope without its list must not read as "no positions": that would hide risk.
    throw new GatewayError({ endpoint, category: 'MALFORMED', retryable: false, httpStatus: 200 })
  }
}

function malformedReply(ctx: CallContext, problem: string): Classification {
  const error = new GatewayError({
    endpoint: ctx.info.endpoint,
    category: 'MALFORMED',
    retryable: false,
    httpStatus: 200,
    errorName: 'InvalidReply',
    errorMessage: problem,
  })
  return { ok: false, error, breaker: 'success', delivery: 'unknown', reached: true }
}
