// Small helpers for the sync services: gateway timestamp parsing, field diffs, bounded concurrency and
// deadlines driven by the injected Clock (so ManualClock tests control every timeout).

import type { Clock } from '../../ports/clock'
import type { FieldChange } from './sync-types'

/**
 * Parses a gateway timestamp. .NET sends 7 fractional digits, which ECMAScript does not promise to
 * accept, so the fraction is trimmed to milliseconds first. Returns null when absent or unparseable.
 */
export function parseGatewayTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1')
  const ms = Date.parse(trimmed)
  return Number.isNaN(ms) ? null : ms
}

/** Field-by-field differences of two flat records (undefined and null are treated alike). */
export function diffFields<T extends object>(before: T, after: T, ignore: readonly string[] = []): FieldChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  const out: FieldChange[] = []
  for (const key of keys) {
    if (ignore.includes(key)) continue
    const b = (before as Record<string, unknown>)[key] ?? null
    const a = (after as Record<string, unknown>)[key] ?? null
    if (b !== a) out.push({ field: key, before: b, after: a })
  }
  return out
}

/** Copy of `base` overwritten by every field of `patch` that is not undefined (hub frames omit nulls). */
export function mergeDefined<T extends object>(base: T, patch: T): T {
  const out = { ...base } as Record<string, unknown>
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = value
  return out as T
}

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError'
}

/** Rejects with DeadlineError after `ms` on the injected clock unless `promise` settles first. */
export function withDeadline<T>(promise: Promise<T>, ms: number, clock: Clock, label: string, onTimeout?: () => void): Promise<T> {
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

/** H12-1: the breaker's remaining OPEN time on a CIRCUIT_OPEN refusal (duck-typed: sync/ imports no rest/ classes). */
export function breakerRetryAfterMs(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null
  const e = error as { category?: unknown; retryAfterMs?: unknown }
  return e.category === 'CIRCUIT_OPEN' && typeof e.retryAfterMs === 'number' ? e.retryAfterMs : null
}
