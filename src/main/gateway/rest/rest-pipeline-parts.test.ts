// Unit tests of the parts split out of RestPipeline: call context, admission, read retry budget,
// write outcomes, attempt log and health feed (RETRY-1..3, RATE-6, CB-5, TOK-11, ERR-2, HEALTH-1).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { AttemptLog } from './attempt-log'
import { DEFAULT_RETRY } from './backoff'
import { CallAdmission, settlePermit } from './call-admission'
import { BREAKER_CONFIGS, CircuitBreaker } from './circuit-breaker'
import { classifyAttempt, type Classification, type RawAttempt } from './classify'
import { ENDPOINTS } from './endpoint-table'
import { GatewayError, type GatewayErrorInit } from './gateway-error'
import { RateLimiter } from './rate-limiter'
import { ReadRetryBudget, sleepUnlessAborted } from './read-retry'
import { RestHealthTracker } from './rest-health'
import { RestHealthFeed } from './rest-health-feed'
import {
  createCallContext,
  DEFAULT_TIMEOUTS,
  endpointTimeoutMs,
  newCorrelationId,
} from './rest-pipeline-options'
import { extractOrderId, failedAttemptOutcome, notSentReason, uncertainReason } from './write-outcome'

const error = (init: Partial<GatewayErrorInit>): GatewayError =>
  new GatewayError({ endpoint: 'searchOpenPositions', category: 'SERVER', retryable: true, ...init })

const http = (status: number, body: unknown, retryAfterMs: number | null = null): RawAttempt => ({
  kind: 'http',
  status,
  body,
  retryAfterMs,
})

function failure(
  endpoint: 'placeOrder' | 'searchAccounts',
  raw: RawAttempt,
): Extract<Classification, { ok: false }> {
  const c = classifyAttempt(endpoint, raw)
  if (c.ok) throw new Error('expected a failed classification')
  return c
}

function defaults(clock = new ManualClock()) {
  return { timeouts: DEFAULT_TIMEOUTS, priority: 5, clock, random: () => 0.5 }
}

describe('call context', () => {
  it('ORD-2 order endpoints get their own deadlines, everything else the default', () => {
    expect(endpointTimeoutMs(ENDPOINTS.placeOrder, DEFAULT_TIMEOUTS)).toBe(10_000)
    expect(endpointTimeoutMs(ENDPOINTS.cancelOrder, DEFAULT_TIMEOUTS)).toBe(5_000)
    expect(endpointTimeoutMs(ENDPOINTS.modifyOrder, DEFAULT_TIMEOUTS)).toBe(5_000)
    expect(endpointTimeoutMs(ENDPOINTS.searchAccounts, DEFAULT_TIMEOUTS)).toBe(30_000)
  })

  it('RETRY-9 caller options win; a correlation id is drawn only when none is given', () => {
    let draws = 0
    const d = { ...defaults(), random: () => (draws++, 0.5) }
    const given = createCallContext('placeOrder', { priority: 9, timeoutMs: 123, correlationId: 'c1' }, d)
    expect(given).toMatchObject({ priority: 9, timeoutMs: 123, correlationId: 'c1' })
    expect(draws).toBe(0)
    const fallback = createCallContext('placeOrder', undefined, d)
    expect(fallback).toMatchObject({ priority: 5, timeoutMs: 10_000 })
    expect(fallback.correlationId).toBe(newCorrelationId(d.clock, () => 0.5))
    expect(fallback.correlationId).toMatch(/^req_\d+_[0-9a-z]{8}$/)
  })
})

describe('CallAdmission', () => {
  function make() {
    const clock = new ManualClock()
    const limiter = new RateLimiter({ clock })
    const breakers = {
      general: new CircuitBreaker('general', BREAKER_CONFIGS.general, { clock }),
      history: new CircuitBreaker('history', BREAKER_CONFIGS.history, { clock }),
    }
    return { clock, limiter, breakers, admission: new CallAdmission(limiter, breakers) }
  }

  it('CB-5 an OPEN breaker refuses without spending a slot; enforcement bypasses it as a probe', async () => {
    const { limiter, breakers, admission } = make()
    for (let i = 0; i < BREAKER_CONFIGS.general.failureThreshold; i++)
      breakers.general.tryAcquire()?.failure()
    expect(breakers.general.state).toBe('OPEN')
    const user = createCallContext('searchAccounts', { priority: 5 }, defaults())
    await expect(admission.admit(user)).rejects.toMatchObject({ category: 'CIRCUIT_OPEN', retryable: true })
    expect(limiter.inWindow('general')).toBe(0)
    const enforcement = createCallContext('searchAccounts', { priority: 9 }, defaults())
    const admitted = await admission.admit(enforcement)
    expect(limiter.inWindow('general')).toBe(1)
    settlePermit(admitted.permit, 'success')
    admitted.ticket.complete()
    limiter.dispose()
  })

  it('a limiter refusal becomes a GatewayError; an abort is not retryable', async () => {
    const { limiter, admission } = make()
    const controller = new AbortController()
    controller.abort()
    const ctx = createCallContext('searchAccounts', { signal: controller.signal }, defaults())
    await expect(admission.acquireSlot(ctx)).rejects.toMatchObject({ category: 'ABORTED', retryable: false })
    limiter.dispose()
  })
})

describe('ReadRetryBudget', () => {
  it('TOK-10/RETRY-3 refreshes once after a 401; a second 401 fails', () => {
    const budget = new ReadRetryBudget(DEFAULT_RETRY, 5, () => 0.5)
    const auth = error({ category: 'AUTH', retryable: false })
    expect(budget.next(auth)).toEqual({ kind: 'refresh' })
    expect(budget.next(auth)).toEqual({ kind: 'fail' })
  })

  it('RATE-6 re-queues a 429 up to the limit, never as a backoff retry', () => {
    const budget = new ReadRetryBudget(DEFAULT_RETRY, 2, () => 0.5)
    const limited = error({ category: 'RATE_LIMITED', retryable: true })
    expect(budget.next(limited)).toEqual({ kind: 'requeue', requeue: 1 })
    expect(budget.next(limited)).toEqual({ kind: 'requeue', requeue: 2 })
    expect(budget.next(limited)).toEqual({ kind: 'fail' })
  })

  it('RETRY-1 backs off exponentially (Retry-After wins) and gives up after maxRetries', () => {
    const budget = new ReadRetryBudget({ ...DEFAULT_RETRY, jitter: 0 }, 5, () => 0.5)
    const server = error({})
    expect(budget.next(server)).toEqual({ kind: 'backoff', retry: 1, delayMs: 1000 })
    expect(budget.next(error({ retryAfterMs: 7000 }))).toEqual({ kind: 'backoff', retry: 2, delayMs: 7000 })
    expect(budget.next(server)).toEqual({ kind: 'backoff', retry: 3, delayMs: 4000 })
    expect(budget.next(server)).toEqual({ kind: 'fail' })
  })

  it('RETRY-2 a non-retryable error fails at once', () => {
    const budget = new ReadRetryBudget(DEFAULT_RETRY, 5, () => 0.5)
    expect(budget.next(error({ category: 'CLIENT', retryable: false }))).toEqual({ kind: 'fail' })
  })

  it('the backoff wait resolves on the clock and rejects with ABORTED when the caller aborts', async () => {
    const clock = new ManualClock()
    const done = sleepUnlessAborted(clock, 1000, createCallContext('searchAccounts', undefined, defaults()))
    clock.advance(1000)
    await expect(done).resolves.toBeUndefined()
    const controller = new AbortController()
    const ctx = createCallContext('searchAccounts', { signal: controller.signal }, defaults())
    const cut = sleepUnlessAborted(clock, 1000, ctx)
    controller.abort()
    await expect(cut).rejects.toMatchObject({ category: 'ABORTED', retryable: false })
    expect(clock.pendingCount).toBe(0)
  })
})

describe('write outcomes', () => {
  it('TOK-11 a refused write fails, a business verdict is rejected with its orderId', () => {
    expect(failedAttemptOutcome(failure('placeOrder', http(401, null)), null)).toEqual({
      kind: 'failed',
      reason: 'auth',
      retryable: true,
    })
    expect(failedAttemptOutcome(failure('placeOrder', http(429, null)), null)).toMatchObject({
      reason: 'rate_limited',
    })
    expect(failedAttemptOutcome(failure('placeOrder', http(400, null)), null)).toEqual({
      kind: 'failed',
      reason: 'http_400',
      retryable: false,
    })
    const rejected = http(200, { success: false, errorCode: 2, errorMessage: 'no', orderId: 77 })
    expect(failedAttemptOutcome(failure('placeOrder', rejected), extractOrderId(rejected))).toMatchObject({
      kind: 'rejected',
      errorCode: 2,
      message: 'no',
      orderId: 77,
    })
  })

  it('TOK-11 connect-phase failures are failed; lost replies, timeouts and 5xx are uncertain', () => {
    const refused = { kind: 'transport', error: { code: 'ECONNREFUSED' } } as const
    expect(failedAttemptOutcome(failure('placeOrder', refused), null)).toEqual({
      kind: 'failed',
      reason: 'network:ECONNREFUSED',
      retryable: true,
    })
    const reset = { kind: 'transport', error: { code: 'ECONNRESET' } } as const
    expect(failedAttemptOutcome(failure('placeOrder', reset), null)).toEqual({
      kind: 'uncertain',
      reason: 'network:ECONNRESET',
    })
    expect(failedAttemptOutcome(failure('placeOrder', { kind: 'timeout', afterMs: 10 }), null)).toEqual({
      kind: 'uncertain',
      reason: 'timeout',
    })
    expect(failedAttemptOutcome(failure('placeOrder', http(503, null)), null)).toEqual({
      kind: 'uncertain',
      reason: 'http_503',
    })
    expect(uncertainReason(error({ category: 'UNKNOWN_ERROR', errorMessage: 'boom' }))).toBe(
      'UnknownError: boom',
    )
  })

  it('names why admission refused, and reads orderIds only from HTTP object bodies', () => {
    expect(notSentReason(error({ category: 'CIRCUIT_OPEN' }))).toBe('circuit_open')
    expect(notSentReason(new Error('other'))).toBe('limiter')
    expect(extractOrderId(http(200, { orderId: 5 }))).toBe(5)
    expect(extractOrderId(http(200, { orderId: '5' }))).toBeNull()
    expect(extractOrderId({ kind: 'aborted' })).toBeNull()
  })
})

describe('AttemptLog', () => {
  it('RETRY-9 logs each attempt with its correlation id; ERR-2 warns once per unknown code', () => {
    const logger = new MemoryLogger()
    const log = new AttemptLog(logger)
    const ctx = createCallContext('searchAccounts', { correlationId: 'c9' }, defaults())
    const unknown = http(200, { success: false, errorCode: 999 })
    log.record(ctx, 1, unknown, classifyAttempt('searchAccounts', unknown), 12)
    log.record(ctx, 2, unknown, classifyAttempt('searchAccounts', unknown), 12)
    const ok = http(200, { success: true, errorCode: 0 })
    log.record(ctx, 3, ok, classifyAttempt('searchAccounts', ok), 5)
    expect(logger.lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'rest attempt failed'],
      ['warn', 'unknown gateway errorCode'],
      ['warn', 'rest attempt failed'],
      ['debug', 'rest attempt ok'],
    ])
    expect(logger.lines[0]?.context).toMatchObject({
      attempt: 1,
      correlationId: 'c9',
      status: 200,
      errorCode: 999,
    })
  })
})

describe('RestHealthFeed', () => {
  it('HEALTH-1 describes tracker, buckets and breakers; a throwing listener does not stop the others', () => {
    const clock = new ManualClock()
    const logger = new MemoryLogger()
    const limiter = new RateLimiter({ clock })
    const breaker = new CircuitBreaker('general', BREAKER_CONFIGS.general, { clock })
    const tracker = new RestHealthTracker()
    const feed = new RestHealthFeed({ tracker, limiter, breakers: [breaker] }, logger)
    expect(feed.describe()).toMatchObject({
      state: 'DISCONNECTED',
      breakers: [{ group: 'general', state: 'CLOSED' }],
    })
    const heard: string[] = []
    feed.onChange(() => {
      throw new Error('listener bug')
    })
    const off = feed.onChange((d) => heard.push(d.state))
    tracker.record({ ok: true, reached: true, latencyMs: 10 })
    expect(heard).toEqual(['HEALTHY'])
    expect(logger.lines.some((l) => l.message === 'rest health listener failed')).toBe(true)
    off()
    feed.dispose()
    tracker.record({ ok: false, reached: false, latencyMs: 10 })
    expect(heard).toEqual(['HEALTHY'])
    limiter.dispose()
    breaker.dispose()
  })
})
