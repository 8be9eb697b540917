// Construction options of the REST pipeline with their defaults, and the per-call context (endpoint,
// priority, deadline, correlation id) every attempt of one call shares.

import type { PxEndpoint } from '../../../shared/projectx/endpoints'
import type { Clock } from '../../ports/clock'
import type { CallOptions, TokenSource } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'
import type { RandomSource, RetryConfig } from './backoff'
import type { CircuitBreakerConfig } from './circuit-breaker'
import { ENDPOINTS, type EndpointInfo, type RateBucketName, type RestBreakerGroup } from './endpoint-table'
import type { FetchLike } from './http-transport'
import type { RateBucketConfig } from './rate-limiter'
import type { RestHealthThresholds } from './rest-health'

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
  /** H12-4: REST reply body cap in bytes (default 8 MB); larger replies are a typed MALFORMED error. */
  readonly maxReplyBytes?: number
  readonly breakers?: Partial<Record<RestBreakerGroup, CircuitBreakerConfig>>
  readonly retry?: Partial<RetryConfig>
  /** How often one read may be re-queued after a real 429 before it fails (spec: 429 retry 5). */
  readonly maxRateLimitRequeues?: number
  readonly health?: Partial<RestHealthThresholds>
  /** Priority of calls that do not say; enforcement callers pass PRIORITY.enforcement. */
  readonly defaultPriority?: number
}

/** Auth endpoints the token manager may send through the shared limiter. */
export type AuthEndpoint = 'loginKey' | 'loginApp' | 'validate' | 'logout'

/** What every attempt of one logical call shares. */
export interface CallContext {
  readonly info: EndpointInfo
  readonly priority: number
  /** Ties the log lines of all attempts of one call together (RETRY-9). */
  readonly correlationId: string
  readonly timeoutMs: number
  readonly signal: AbortSignal | undefined
}

/** Pipeline-wide settings a call context falls back to when the caller does not say. */
export interface CallDefaults {
  readonly timeouts: RestTimeouts
  readonly priority: number
  readonly clock: Clock
  readonly random: RandomSource
}

/** The endpoint's deadline class picks the timeout; orders get short ones (ORD-2). */
export function endpointTimeoutMs(info: EndpointInfo, timeouts: RestTimeouts): number {
  switch (info.timeout) {
    case 'place':
      return timeouts.placeMs
    case 'cancel':
      return timeouts.cancelMs
    case 'modify':
      return timeouts.modifyMs
    default:
      return timeouts.defaultMs
  }
}

export function newCorrelationId(clock: Clock, random: RandomSource): string {
  const suffix = Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')
  return `req_${clock.now()}_${suffix}`
}

/** Caller options win; a correlation id is only drawn (consuming randomness) when none was given. */
export function createCallContext(
  endpoint: PxEndpoint,
  opts: CallOptions | undefined,
  d: CallDefaults,
): CallContext {
  const info = ENDPOINTS[endpoint]
  return {
    info,
    priority: opts?.priority ?? d.priority,
    correlationId: opts?.correlationId ?? newCorrelationId(d.clock, d.random),
    timeoutMs: opts?.timeoutMs ?? endpointTimeoutMs(info, d.timeouts),
    signal: opts?.signal,
  }
}
