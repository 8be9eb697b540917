// Admission of one attempt: circuit breaker, then a rate-limiter slot, then the breaker permit; and the
// settling of that permit once the attempt is classified (CB-2, CB-5, RATE-3, RATE-4).

import { systemClock, type Clock } from '../../ports/clock'
import type { BreakerPermit, CircuitBreaker } from './circuit-breaker'
import type { BreakerEffect } from './classify'
import type { RestBreakerGroup } from './endpoint-table'
import { GatewayError } from './gateway-error'
import { RateLimitError, RESERVED_LANE_PRIORITY, type RateLimiter, type RateTicket } from './rate-limiter'
import type { CallContext } from './rest-pipeline-options'

/** A limiter slot plus a breaker permit; the caller completes/releases and settles both. */
export interface Admission {
  readonly ticket: RateTicket
  readonly permit: BreakerPermit
}

export class CallAdmission {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly breakers: Readonly<Record<RestBreakerGroup, CircuitBreaker>>,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Breaker first (fail fast without spending a slot), then the limiter, then the breaker permit.
   * Reserved-lane (enforcement) calls bypass an OPEN breaker as probes (CB-5).
   */
  async admit(ctx: CallContext): Promise<Admission> {
    const breaker = this.breakers[ctx.info.breaker]
    const bypass = ctx.priority >= RESERVED_LANE_PRIORITY
    if (!bypass && breaker.state === 'OPEN') throw circuitOpen(ctx, breaker)
    // H12-1: while HALF_OPEN with every probe slot taken, wait for the probes' verdict (bounded by the
    // call's own timeout) instead of failing at once: a refused call must never abort the probes.
    const waitUntil = this.clock.now() + ctx.timeoutMs
    for (;;) {
      const state = breaker.state
      if (!bypass && state === 'OPEN') throw circuitOpen(ctx, breaker)
      if (!bypass && state === 'HALF_OPEN') {
        const left = waitUntil - this.clock.now()
        if (left <= 0 || ctx.signal?.aborted === true) throw circuitOpen(ctx, breaker)
        await breaker.waitForVerdict(left, ctx.signal)
        if (!breaker.hasProbeSlot() && breaker.state === 'HALF_OPEN') continue
      }
      const ticket = await this.acquireSlot(ctx)
      const permit = breaker.tryAcquire(bypass)
      if (permit !== null) return { ticket, permit }
      ticket.release()
      // Lost the slot to another caller between the wait and the limiter; wait again (or fail when OPEN).
    }
  }

  /** A limiter slot; refusals become GatewayErrors: RATE_LIMIT_002 queue full (RATE-4), _003 waited too long (RATE-3). */
  async acquireSlot(ctx: CallContext): Promise<RateTicket> {
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
}

/** Reports the classified attempt to the breaker; 401, 429 and business answers are neutral (CB-2). */
export function settlePermit(permit: BreakerPermit, effect: BreakerEffect): void {
  if (effect === 'success') permit.success()
  else if (effect === 'failure') permit.failure()
  else permit.neutral()
}

/** H12-1: carries when the breaker half-opens, so a caller (the reconciler) can retry right then. */
function circuitOpen(ctx: CallContext, breaker: CircuitBreaker): GatewayError {
  const retryAfterMs = breaker.remainingOpenMs
  return new GatewayError({
    endpoint: ctx.info.endpoint,
    category: 'CIRCUIT_OPEN',
    retryable: true,
    ...(retryAfterMs > 0 ? { retryAfterMs } : {}),
  })
}
