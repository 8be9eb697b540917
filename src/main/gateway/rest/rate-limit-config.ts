// The rate limiter's configuration, its ticket and its typed error: what callers of the limiter see.
import type { Clock } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'
import type { RateBucketName } from './endpoint-table'

export interface RateBucketConfig {
  /** Hard cap: requests allowed inside any window (the server's own limit). */
  readonly limit: number
  readonly windowMs: number
}

/** Defaults: 200/60 s general; bars 30/30 s, the safe reading of the disputed 50-vs-30 docs (RATE-1). */
export const DEFAULT_RATE_BUCKETS: Readonly<Record<RateBucketName, RateBucketConfig>> = {
  general: { limit: 200, windowMs: 60_000 },
  bars: { limit: 30, windowMs: 30_000 },
}

/** Priorities at or above this use the reserved lane, are never rejected and never time out (RATE-2, RATE-4). */
export const RESERVED_LANE_PRIORITY = 9

/** Max queue wait per priority (RATE-3); null = no limit. Enforcement (>= 9) is never timed out. */
export function defaultMaxWaitMs(priority: number): number | null {
  if (priority >= RESERVED_LANE_PRIORITY) return null
  const table: Record<number, number | null> = {
    8: 5000,
    7: 10_000,
    6: 15_000,
    5: 30_000,
    4: 60_000,
    3: 120_000,
    2: 300_000,
    1: 600_000,
    0: null,
  }
  return table[Math.max(0, Math.floor(priority))] ?? null
}

export interface RateLimiterOptions {
  readonly clock: Clock
  readonly logger?: Logger
  readonly buckets?: Partial<Record<RateBucketName, RateBucketConfig>>
  /** Share of the hard cap that priority < 9 traffic may use (RATE-2). */
  readonly softCapRatio?: number
  readonly maxQueueSize?: number
  readonly maxWaitMs?: (priority: number) => number | null
  /** Where the windows survive a restart (RATE-5). */
  readonly meta?: MetaRepository
  readonly metaKey?: string
  /** Minimum gap between two saves. */
  readonly persistIntervalMs?: number
}

export type RateLimitErrorCode = 'RATE_LIMIT_002' | 'RATE_LIMIT_003' | 'ABORTED' | 'DISPOSED'

/** A refusal by the limiter itself; the client turns it into a GatewayError. */
export class RateLimitError extends Error {
  override readonly name = 'RateLimitError'
  constructor(
    readonly code: RateLimitErrorCode,
    readonly bucket: RateBucketName,
    readonly priority: number,
  ) {
    super(`${code} (${bucket}, priority ${priority})`)
  }
}

/** Proof that a slot was taken. `release()` gives the slot back when the request was never sent. */
export interface RateTicket {
  readonly bucket: RateBucketName
  readonly at: number
  release(): void
  /**
   * The attempt ended (reply, timeout or error). The server stamped the request somewhere between
   * send and now, so the slot is re-stamped to now: the client window then never ends before the
   * server's does, even when requests queue in the HTTP stack (T4).
   */
  complete(): void
}

