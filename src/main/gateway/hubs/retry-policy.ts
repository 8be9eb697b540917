// Pure backoff policy for hub reconnects and start retries (resilience.md §9, BACKOFF-1..6, contradiction 8/15).

import type { IRetryPolicy, RetryContext } from '@microsoft/signalr'
import type { Logger } from '../../ports/logger'

/** Tunables of the backoff ladder; every field is optional and validated (BACKOFF-5). */
export interface RetryPolicyConfig {
  /** Delay before attempt n is `delaysMs[n-1]`; the last value repeats. Non-empty, ascending, non-negative. */
  readonly delaysMs?: readonly number[]
  /** The policy gives up once this many attempts failed (>= 1). */
  readonly maxAttempts?: number
  /** The policy gives up once this much time was spent retrying (>= 10 000). */
  readonly maxReconnectionTimeMs?: number
  /** ±factor × delay applied to non-zero delays, in [0, 1]. */
  readonly jitterFactor?: number
  /** Upper clamp for a jittered delay (> 0). */
  readonly maxRetryDelayMs?: number
}

export type ResolvedRetryConfig = Required<{ [K in keyof RetryPolicyConfig]: NonNullable<RetryPolicyConfig[K]> }>

/** The decided defaults: 0/2/10/30/60 s then 60 s, 10 attempts or 500 s, ±20 % jitter, 60 s cap. */
export const DEFAULT_RETRY_CONFIG: ResolvedRetryConfig = Object.freeze({
  delaysMs: Object.freeze([0, 2000, 10_000, 30_000, 60_000]),
  maxAttempts: 10,
  maxReconnectionTimeMs: 500_000,
  jitterFactor: 0.2,
  maxRetryDelayMs: 60_000,
})

function isNonNegInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0
}

/**
 * Checks each field on its own; an invalid field is reported and replaced by its default, so one typo
 * never disables reconnects altogether (BACKOFF-5).
 */
export function resolveRetryConfig(config: RetryPolicyConfig | undefined, logger?: Logger): ResolvedRetryConfig {
  const c = config ?? {}
  const errors: string[] = []
  const d = DEFAULT_RETRY_CONFIG
  let delaysMs = d.delaysMs
  if (c.delaysMs !== undefined) {
    const arr = c.delaysMs
    const ascending = arr.every((v, i) => i === 0 || v >= (arr[i - 1] ?? 0))
    if (arr.length === 0 || !arr.every(isNonNegInt) || !ascending) errors.push('delaysMs must be a non-empty ascending array of non-negative integers')
    else delaysMs = [...arr]
  }
  let maxAttempts = d.maxAttempts
  if (c.maxAttempts !== undefined) {
    if (!Number.isInteger(c.maxAttempts) || c.maxAttempts < 1) errors.push('maxAttempts must be an integer >= 1')
    else maxAttempts = c.maxAttempts
  }
  let maxReconnectionTimeMs = d.maxReconnectionTimeMs
  if (c.maxReconnectionTimeMs !== undefined) {
    if (!Number.isFinite(c.maxReconnectionTimeMs) || c.maxReconnectionTimeMs < 10_000) errors.push('maxReconnectionTimeMs must be >= 10000')
    else maxReconnectionTimeMs = c.maxReconnectionTimeMs
  }
  let jitterFactor = d.jitterFactor
  if (c.jitterFactor !== undefined) {
    if (!Number.isFinite(c.jitterFactor) || c.jitterFactor < 0 || c.jitterFactor > 1) errors.push('jitterFactor must be in [0, 1]')
    else jitterFactor = c.jitterFactor
  }
  let maxRetryDelayMs = d.maxRetryDelayMs
  if (c.maxRetryDelayMs !== undefined) {
    if (!Number.isFinite(c.maxRetryDelayMs) || c.maxRetryDelayMs <= 0) errors.push('maxRetryDelayMs must be > 0')
    else maxRetryDelayMs = c.maxRetryDelayMs
  }
  if (errors.length > 0) logger?.error('invalid retry policy config; defaults used for the invalid fields', { errors })
  return { delaysMs, maxAttempts, maxReconnectionTimeMs, jitterFactor, maxRetryDelayMs }
}

/**
 * The backoff ladder as a SignalR `IRetryPolicy` object (an array would silently cap at 5 tries).
 * A pure function of `retryContext`: attempt counting never lives in `onreconnecting` (BACKOFF-4),
 * and a fresh connection naturally starts a fresh count (BACKOFF-6).
 */
export class BackoffRetryPolicy implements IRetryPolicy {
  /** The validated configuration in force. */
  readonly config: ResolvedRetryConfig

  constructor(
    config?: RetryPolicyConfig,
    private readonly random: () => number = Math.random,
    logger?: Logger,
  ) {
    this.config = resolveRetryConfig(config, logger)
  }

  /** Delay before attempt `attempt` (1-based), before jitter (BACKOFF-1). */
  baseDelay(attempt: number): number {
    const ladder = this.config.delaysMs
    const idx = Math.min(Math.max(attempt, 1), ladder.length) - 1
    return Math.min(ladder[idx] ?? 0, this.config.maxRetryDelayMs)
  }

  /** Applies ±jitter to non-zero delays and clamps to [0, maxRetryDelayMs] (BACKOFF-2). */
  jittered(delayMs: number): number {
    if (delayMs <= 0) return 0
    const f = this.config.jitterFactor
    const offset = (this.random() * 2 - 1) * f * delayMs
    return Math.round(Math.min(Math.max(delayMs + offset, 0), this.config.maxRetryDelayMs))
  }

  /** `null` once the attempt or time budget is spent (BACKOFF-3); otherwise the jittered delay. */
  nextRetryDelayInMilliseconds(retryContext: RetryContext): number | null {
    if (retryContext.previousRetryCount >= this.config.maxAttempts) return null
    if (retryContext.elapsedMilliseconds >= this.config.maxReconnectionTimeMs) return null
    return this.jittered(this.baseDelay(retryContext.previousRetryCount + 1))
  }
}

/** `base` ± `factor` (clamped at 0), used for the rebuild interval (HUB-7). */
export function jitter(baseMs: number, factor: number, random: () => number): number {
  return Math.max(0, Math.round(baseMs + (random() * 2 - 1) * factor * baseMs))
}
