// The call pipeline under RestClient: breaker → rate limiter → one HTTP attempt → classifier. Reads
// retry with backoff and replay once after a 401; writes are sent at most once and answer with a
// WriteOutcome (TOK-10/11, RETRY-1..5, RATE-*, CB-*). Also owns REST health and persistence.

import type { BreakerHealth, RateBucketHealth } from '../../../shared/domain/health'
import type { PxEndpoint } from '../../../shared/projectx/endpoints'
import { systemClock, type Clock } from '../../ports/clock'
import { PRIORITY, type CallOptions, type TokenSource, type WriteOutcome } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'
import { backoffDelayMs, DEFAULT_RETRY, type RandomSource, type RetryConfig } from './backoff'
import {
  BREAKER_CONFIGS,
  CircuitBreaker,
  type BreakerPermit,
  type CircuitBreakerConfig,
} from './circuit-breaker'
import { classifyAttempt, type BreakerEffect, type Classification, type RawAttempt } from './classify'
import { ENDPOINTS, type EndpointInfo, type RateBucketName, type RestBreakerGroup } from './endpoint-table'
import { GatewayError } from './gateway-error'
import { sendHttpAttempt, type FetchLike } from './http-transport'
import {
  RateLimiter,
  RateLimitError,
  RESERVED_LANE_PRIORITY,
  type RateBucketConfig,
  type RateTicket,
} from './rate-limiter'
import {
  DEFAULT_HEALTH_THRESHOLDS,
  RestHealthTracker,
  type RestHealthSnapshot,
  type RestHealthThresholds,
} from './rest-health'

/** Per-call deadlines (CFG-3 api.timeout; ORD-2 for place/cancel/modify). */
export interface RestTimeouts {
  readonly defaultMs: number
  readonly placeMs: number
  readonly cancelMs: number
  readonly modifyMs: number
}

export const DEFAULT_TIMEOUTS: RestTimeouts = {
  defaultMs: 30_000,
  placeMs: 10_000,
  cancelMs: 5_000,
  modifyMs: 5_000,
}

export interface RestClientOptions {
  /** REST base, e.g. `https://api.topstepx.com` (no trailing `/api`). */
  readonly baseUrl: string
  readonly tokenSource: TokenSource
  readonly clock?: Clock
  readonly logger?: Logger
  /** Persists limiter windows and breaker states (RATE-5, CB-6). */
  readonly meta?: MetaRepository
  /** Jitter and correlation ids; inject for deterministic tests. */
  readonly random?: RandomSource
  readonly fetch?: FetchLike
  readonly timeouts?: Partial<RestTimeouts>
  readonly rateBuckets?: Partial<Record<RateBucketName, RateBucketConfig>>
  readonly limiter?: {
    readonly softCapRatio?: number
    readonly maxQueueSize?: number
    readonly maxWaitMs?: (priority: number) => number | null
    readonly persistIntervalMs?: number
  }
  readonly breakers?: Partial<Record<RestBreakerGroup, CircuitBreakerConfig>>
  readonly retry?: Partial<RetryConfig>
  /** How often one read may be re-queued after a real 429 before it fails (spec: 429 retry 5). */
  readonly maxRateLimitRequeues?: number
  readonly health?: Partial<RestHealthThresholds>
  /** Priority of calls that do not say; enforcement callers pass PRIORITY.enforcement. */
  readonly defaultPriority?: number
}

/** What the health aggregator polls (HEALTH-1, HEALTH-5, RATE-7, CB-6). */
export interface RestHealthDescription extends RestHealthSnapshot {
  readonly rateBuckets: readonly RateBucketHealth[]
  readonly breakers: readonly BreakerHealth[]
}

/** Auth endpoints the token manager may send through the shared limiter. */
export type AuthEndpoint = 'loginKey' | 'loginApp' | 'validate' | 'logout'

interface CallContext {
  readonly info: EndpointInfo
  readonly priority: number
  readonly correlationId: string
  readonly timeoutMs: number
  readonly signal: AbortSignal | undefined
}

/** Shared machinery of the REST client; RestClient adds one typed method per endpoint. */
export class RestPipeline {
  /** Exposed for the health aggregator and tests; do not acquire slots from outside. */
  readonly limiter: RateLimiter
  private readonly breakers: Readonly<Record<RestBreakerGroup, CircuitBreaker>>
  private readonly health: RestHealthTracker
  private readonly baseUrl: string
  private readonly tokens: TokenSource
  private readonly clock: Clock
  private readonly logger: Logger | undefined
  private readonly random: RandomSource
  private readonly fetchFn: FetchLike
  private readonly timeouts: RestTimeouts
  private readonly retry: RetryConfig
  private readonly maxRequeues: number
  private readonly defaultPriority: number
  private readonly unknownCodesSeen = new Set<string>()
  private readonly listeners = new Set<(description: RestHealthDescription) => void>()
  private readonly unsubscribers: (() => void)[] = []

  constructor(options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.tokens = options.tokenSource
    this.clock = options.clock ?? systemClock
    this.logger = options.logger?.child('rest')
    this.random = options.random ?? Math.random
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init))
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
    this.maxRequeues = options.maxRateLimitRequeues ?? 5
    this.defaultPriority = options.defaultPriority ?? PRIORITY.user
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
    this.health = new RestHealthTracker({ ...DEFAULT_HEALTH_THRESHOLDS, ...options.health })
    this.unsubscribers.push(this.health.onChange(() => this.emit()))
    for (const breaker of Object.values(this.breakers))
      this.unsubscribers.push(breaker.onStateChange(() => this.emit()))
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
    const ticket = await this.acquireSlot(ctx)
    const c = await this.attempt(ctx, token, body, 1)
    ticket.complete()
    if (c.ok) return c.body as T
    if (c.error.category === 'RATE_LIMITED') this.limiter.freeze(ctx.info.bucket, c.error.retryAfterMs)
    throw c.error
  }

  // ---- health ---------------------------------------------------------------------------------------

  /** Current REST health, limiter usage and breaker states, for the health aggregator to poll. */
  describeRestHealth(): RestHealthDescription {
    return {
      ...this.health.snapshot(),
      rateBuckets: this.limiter.health(),
      breakers: Object.values(this.breakers).map((b) => b.health()),
    }
  }

  /** Called when the REST health word or a breaker state changes; returns an unsubscribe function. */
  onHealthChange(listener: (description: RestHealthDescription) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
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
    for (const off of this.unsubscribers.splice(0)) off()
    this.limiter.dispose()
    for (const breaker of Object.values(this.breakers)) breaker.dispose()
    this.listeners.clear()
  }

  // ---- internals ------------------------------------------------------------------------------------

  protected async read(
    endpoint: PxEndpoint,
    body: object,
    opts?: CallOptions,
  ): Promise<Record<string, unknown>> {
    const ctx = this.context(endpoint, opts)
    let retries = 0
    let requeues = 0
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      this.throwIfAborted(ctx)
      const { ticket, permit } = await this.admit(ctx)
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
      const c = await this.attempt(ctx, token, body, attempt, permit)
      ticket.complete()
      if (c.ok) return c.body
      const error = c.error
      if (error.category === 'AUTH' && !refreshed) {
        refreshed = true
        await this.refreshAfter401(ctx)
        continue
      }
      if (error.category === 'RATE_LIMITED' && requeues < this.maxRequeues) {
        requeues++
        this.limiter.freeze(ctx.info.bucket, error.retryAfterMs)
        this.logger?.warn('rest call re-queued after 429', {
          endpoint,
          attempt,
          requeue: requeues,
          correlationId: ctx.correlationId,
        })
        continue
      }
      if (error.retryable && error.category !== 'RATE_LIMITED' && retries < this.retry.maxRetries) {
        retries++
        const delayMs = error.retryAfterMs ?? backoffDelayMs(retries, this.retry, this.random)
        this.logger?.info('rest retry scheduled', {
          endpoint,
          attempt,
          retry: retries,
          delayMs,
          category: error.category,
          correlationId: ctx.correlationId,
        })
        await this.sleep(delayMs, ctx)
        continue
      }
      throw error
    }
  }

  protected async write(endpoint: PxEndpoint, body: object, opts?: CallOptions): Promise<WriteOutcome> {
    const ctx = this.context(endpoint, opts)
    if (ctx.signal?.aborted) return failed('aborted', true)
    let admitted: { ticket: RateTicket; permit: BreakerPermit }
    try {
      admitted = await this.admit(ctx)
    } catch (error) {
      // Breaker open, limiter refusal or caller abort: nothing left this machine.
      const reason = GatewayError.is(error) ? error.category.toLowerCase() : 'limiter'
      this.logger?.warn('rest write not sent', {
        endpoint,
        reason,
        correlationId: ctx.correlationId,
        priority: ctx.priority,
      })
      return failed(reason, true)
    }
    const token = this.tokens.current()
    if (token === null) {
      admitted.ticket.release()
      admitted.permit.neutral()
      return failed('not_signed_in', false)
    }
    const { c, orderId } = await this.attemptWithOrderId(ctx, token, body, admitted.permit)
    admitted.ticket.complete()
    if (c.ok) return { kind: 'ok', orderId }
    const error = c.error
    switch (error.category) {
      case 'AUTH':
        // The server refused before executing; refresh so the caller's own retry carries a new token.
        await this.refreshAfter401(ctx).catch(() => undefined)
        return failed('auth', true)
      case 'RATE_LIMITED':
        this.limiter.freeze(ctx.info.bucket, error.retryAfterMs)
        return failed('rate_limited', true)
      case 'CLIENT':
        return failed(`http_${error.httpStatus ?? 0}`, false)
      case 'BUSINESS':
      case 'UNKNOWN_CODE':
        // A rejected place can still carry a real orderId (projectx-api.md §3.6).
        return {
          kind: 'rejected',
          errorCode: error.errorCode ?? -1,
          errorName: error.errorName ?? 'Unknown',
          message: error.errorMessage,
          orderId,
        }
      default:
        if (c.delivery === 'not_sent')
          return failed(`network:${error.networkCode ?? 'unknown'}`, error.retryable)
        // Timeout, lost reply, 5xx, UnknownError: the write may have executed. Verify, never resend (TOK-11).
        return { kind: 'uncertain', reason: uncertainReason(error) }
    }
  }

  private context(endpoint: PxEndpoint, opts?: CallOptions): CallContext {
    const info = ENDPOINTS[endpoint]
    const timeoutMs =
      opts?.timeoutMs ??
      (info.timeout === 'place'
        ? this.timeouts.placeMs
        : info.timeout === 'cancel'
          ? this.timeouts.cancelMs
          : info.timeout === 'modify'
            ? this.timeouts.modifyMs
            : this.timeouts.defaultMs)
    return {
      info,
      priority: opts?.priority ?? this.defaultPriority,
      correlationId: opts?.correlationId ?? this.newCorrelationId(),
      timeoutMs,
      signal: opts?.signal,
    }
  }

  /** Breaker first (fail fast without spending a slot), then the limiter, then the breaker permit. */
  private async admit(ctx: CallContext): Promise<{ ticket: RateTicket; permit: BreakerPermit }> {
    const breaker = this.breakers[ctx.info.breaker]
    const bypass = ctx.priority >= RESERVED_LANE_PRIORITY
    if (!bypass && breaker.state === 'OPEN') throw this.circuitOpen(ctx)
    const ticket = await this.acquireSlot(ctx)
    const permit = breaker.tryAcquire(bypass)
    if (permit === null) {
      ticket.release()
      throw this.circuitOpen(ctx)
    }
    return { ticket, permit }
  }

  private async acquireSlot(ctx: CallContext): Promise<RateTicket> {
    try {
      return await this.limiter.acquire(ctx.info.bucket, ctx.priority, ctx.signal)
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error
      const category =
        error.code === 'RATE_LIMIT_002'
          ? 'QUEUE_FULL'
          : error.code === 'RATE_LIMIT_003'
            ? 'QUEUE_TIMEOUT'
            : 'ABORTED'
      throw new GatewayError({
        endpoint: ctx.info.endpoint,
        category,
        retryable: category !== 'ABORTED',
        errorName: error.code,
        messageKey: category === 'ABORTED' ? undefined : `gateway.${error.code}`,
        cause: error,
      })
    }
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
  ): Promise<Classification> {
    const { raw, latencyMs } = await sendHttpAttempt(this.fetchFn, this.clock, {
      url: this.baseUrl + ctx.info.path,
      method: ctx.info.endpoint === 'ping' ? 'GET' : 'POST',
      token,
      body: ctx.info.endpoint === 'ping' ? undefined : body,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    })
    onRaw?.(raw)
    const c = classifyAttempt(ctx.info.endpoint, raw)
    if (permit) settle(permit, c.breaker)
    if (raw.kind !== 'aborted')
      this.health.record({ ok: c.ok || c.breaker !== 'failure', reached: c.reached, latencyMs })
    const line = {
      endpoint: ctx.info.endpoint,
      attempt,
      correlationId: ctx.correlationId,
      priority: ctx.priority,
      latencyMs,
      status: raw.kind === 'http' ? raw.status : raw.kind,
      ...(c.ok
        ? {}
        : {
            category: c.error.category,
            errorCode: c.error.errorCode,
            errorName: c.error.errorName,
            errorMessage: c.error.errorMessage,
            networkCode: c.error.networkCode,
          }),
    }
    if (c.ok) this.logger?.debug('rest attempt ok', line)
    else if (c.error.category === 'BUSINESS') this.logger?.info('rest attempt rejected', line)
    else this.logger?.warn('rest attempt failed', line)
    if (!c.ok && c.error.category === 'UNKNOWN_CODE') {
      const key = `${ctx.info.endpoint}:${c.error.errorCode ?? ''}`
      if (!this.unknownCodesSeen.has(key)) {
        this.unknownCodesSeen.add(key)
        this.logger?.warn('unknown gateway errorCode', {
          endpoint: ctx.info.endpoint,
          errorCode: c.error.errorCode,
        })
      }
    }
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

  private circuitOpen(ctx: CallContext): GatewayError {
    return new GatewayError({ endpoint: ctx.info.endpoint, category: 'CIRCUIT_OPEN', retryable: true })
  }

  private throwIfAborted(ctx: CallContext): void {
    if (ctx.signal?.aborted)
      throw new GatewayError({ endpoint: ctx.info.endpoint, category: 'ABORTED', retryable: false })
  }

  private sleep(ms: number, ctx: CallContext): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.clock.clearTimeout(timer)
        reject(new GatewayError({ endpoint: ctx.info.endpoint, category: 'ABORTED', retryable: false }))
      }
      const timer = this.clock.setTimeout(() => {
        ctx.signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      ctx.signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  protected list<T>(endpoint: PxEndpoint, body: Record<string, unknown>, field: string): T[] {
    const value = body[field]
    if (Array.isArray(value)) return value as T[]
    // A success envelope without its list must not read as "no positions": that would hide risk.
    throw new GatewayError({ endpoint, category: 'MALFORMED', retryable: false, httpStatus: 200 })
  }

  private newCorrelationId(): string {
    const suffix = Math.floor(this.random() * 36 ** 8)
      .toString(36)
      .padStart(8, '0')
    return `req_${this.clock.now()}_${suffix}`
  }

  private emit(): void {
    const description = this.describeRestHealth()
    for (const listener of this.listeners) {
      try {
        listener(description)
      } catch (error) {
        this.logger?.error('rest health listener failed', { error: String(error) })
      }
    }
  }
}

function settle(permit: BreakerPermit, effect: BreakerEffect): void {
  if (effect === 'success') permit.success()
  else if (effect === 'failure') permit.failure()
  else permit.neutral()
}

function failed(reason: string, retryable: boolean): WriteOutcome {
  return { kind: 'failed', reason, retryable }
}

function uncertainReason(error: GatewayError): string {
  if (error.category === 'SERVER') return `http_${error.httpStatus ?? 0}`
  if (error.category === 'NETWORK') return `network:${error.networkCode ?? 'unknown'}`
  if (error.category === 'UNKNOWN_ERROR')
    return `UnknownError${error.errorMessage ? `: ${error.errorMessage}` : ''}`
  return error.category.toLowerCase()
}

function extractOrderId(raw: RawAttempt): number | null {
  if (raw.kind !== 'http' || typeof raw.body !== 'object' || raw.body === null) return null
  const id = (raw.body as { orderId?: unknown }).orderId
  return typeof id === 'number' ? id : null
}
