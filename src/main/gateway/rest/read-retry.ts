// What a read does after a failed attempt (TOK-10, RETRY-1..3, RATE-6): refresh and replay once after a
// 401, re-queue after a 429, back off on retryable failures, or give up; plus the abortable backoff wait.

import type { Clock } from '../../ports/clock'
import { backoffDelayMs, type RandomSource, type RetryConfig } from './backoff'
import { GatewayError } from './gateway-error'
import type { CallContext } from './rest-pipeline-options'

export type ReadStep =
  | { readonly kind: 'refresh' }
  | { readonly kind: 'requeue'; readonly requeue: number }
  | { readonly kind: 'backoff'; readonly retry: number; readonly delayMs: number }
  | { readonly kind: 'fail' }

/** The budgets of one read; `next` spends from them, so use one instance per call. */
export class ReadRetryBudget {
  private retries = 0
  private requeues = 0
  private refreshed = false

  constructor(
    private readonly retry: RetryConfig,
    private readonly maxRequeues: number,
    private readonly random: RandomSource,
  ) {}

  next(error: GatewayError): ReadStep {
    // TOK-10: one refresh and one replay; a second 401 fails the read (RETRY-3).
    if (error.category === 'AUTH' && !this.refreshed) {
      this.refreshed = true
      return { kind: 'refresh' }
    }
    // RATE-6: a real 429 freezes the bucket and the read waits in the queue again, up to maxRequeues.
    if (error.category === 'RATE_LIMITED' && this.requeues < this.maxRequeues) {
      this.requeues++
      return { kind: 'requeue', requeue: this.requeues }
    }
    // RETRY-1/RETRY-2: backoff with jitter unless the server named a delay; 429s never count as retries.
    if (error.retryable && error.category !== 'RATE_LIMITED' && this.retries < this.retry.maxRetries) {
      this.retries++
      const delayMs = error.retryAfterMs ?? backoffDelayMs(this.retries, this.retry, this.random)
      return { kind: 'backoff', retry: this.retries, delayMs }
    }
    return { kind: 'fail' }
  }
}

export function abortedError(ctx: CallContext): GatewayError {
  return new GatewayError({ endpoint: ctx.info.endpoint, category: 'ABORTED', retryable: false })
}

export function throwIfAborted(ctx: CallContext): void {
  if (ctx.signal?.aborted) throw abortedError(ctx)
}

/** Waits `ms` on the injected clock; the caller's signal cuts the wait short with ABORTED. */
export function sleepUnlessAborted(clock: Clock, ms: number, ctx: CallContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer)
      reject(abortedError(ctx))
    }
    const timer = clock.setTimeout(() => {
      ctx.signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    ctx.signal?.addEventListener('abort', onAbort, { once: true })
  })
}
