// Small helpers for the sync services: bounded concurrency and deadlines driven by the injected Clock (so ManualClock tests control every timeout).

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

/** At most `limit` async tasks in flight; the rest wait in FIFO order. */
export class Semaphore {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }

  /** Tasks currently running (tests check the concurrency bound). */
  get inFlight(): number {
    return this.active
  }
}

/** Text of an unknown thrown value, for logs (never includes request bodies). */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
