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
