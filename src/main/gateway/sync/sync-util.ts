// Small helpers for the sync services: deadlines driven by the injected Clock (so ManualClock tests control every timeout).

import type { Clock } from '../../ports/clock'

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError'
}

/** Rejects with DeadlineError after `ms` on the injected clock unless `promise` settles first. */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  clock: Clock,
  label: string,
  onTimeout?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      onTimeout?.()
      reject(new DeadlineError(`${label} timed out after ${ms} ms`))
    }, ms)
    promise.then(
      (value) => {
        clock.clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clock.clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}

/** Text of an unknown thrown value, for logs (never includes request bodies). */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/** H12-1: the breaker's remaining OPEN time on a CIRCUIT_OPEN refusal (duck-typed: sync/ imports no rest/ classes). */
export function breakerRetryAfterMs(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null
  const e = error as { category?: unknown; retryAfterMs?: unknown }
  return e.category === 'CIRCUIT_OPEN' && typeof e.retryAfterMs === 'number' ? e.retryAfterMs : null
}
