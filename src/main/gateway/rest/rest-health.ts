// REST health from the last N attempts (HEALTH-1) with p50/p95 latency and success rate (HEALTH-5).

import type { RestHealthState } from '../../../shared/domain/health'

/** One finished attempt as the health tracker sees it. */
export interface RestSample {
  /** The server answered usefully (2xx, 401, 4xx, 429 or a business verdict); false for 5xx, timeouts, no reply. */
  readonly ok: boolean
  /** False when no HTTP reply arrived at all (refused, DNS, reset, timeout). */
  readonly reached: boolean
  readonly latencyMs: number
}

export interface RestHealthSnapshot {
  readonly state: RestHealthState
  readonly p50Ms: number | null
  readonly p95Ms: number | null
  /** 0..1 over the window, null before the first attempt. */
  readonly successRate: number | null
  readonly sampleCount: number
}

export interface RestHealthThresholds {
  readonly windowSize: number
  /** p50 below this and success above `healthyRate` → HEALTHY. */
  readonly healthyMs: number
  /** p50 above this → UNHEALTHY. */
  readonly unhealthyMs: number
  readonly healthyRate: number
  /** Success below this → UNHEALTHY. */
  readonly unhealthyRate: number
  /** This many most recent attempts without any reply → DISCONNECTED. */
  readonly unreachableAfter: number
}

export const DEFAULT_HEALTH_THRESHOLDS: RestHealthThresholds = {
  windowSize: 10,
  healthyMs: 500,
  unhealthyMs: 2000,
  healthyRate: 0.95,
  unhealthyRate: 0.8,
  unreachableAfter: 3,
}

const RANK: Readonly<Record<RestHealthState, number>> = {
  HEALTHY: 0,
  DEGRADED: 1,
  UNHEALTHY: 2,
  DISCONNECTED: 3,
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? null
}

/**
 * Pure classification of a window (HEALTHY < 500 ms & > 95 %; DEGRADED 500–2000 ms or 80–95 %;
 * UNHEALTHY > 2000 ms or < 80 %; DISCONNECTED when the latest attempts got no reply). Latency is the
 * p50 so one slow call does not flip the state. No samples yet counts as DISCONNECTED: nothing has
 * been reached.
 */
export function classifyRestHealth(
  samples: readonly RestSample[],
  t: RestHealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): RestHealthSnapshot {
  const window = samples.slice(-t.windowSize)
  if (window.length === 0)
    return { state: 'DISCONNECTED', p50Ms: null, p95Ms: null, successRate: null, sampleCount: 0 }
  const latencies = window.map((s) => s.latencyMs).sort((a, b) => a - b)
  const p50Ms = percentile(latencies, 50)
  const p95Ms = percentile(latencies, 95)
  const successRate = window.filter((s) => s.ok).length / window.length
  const recent = window.slice(-Math.min(t.unreachableAfter, window.length))
  let state: RestHealthState
  if (recent.every((s) => !s.reached)) state = 'DISCONNECTED'
  else {
    const p50 = p50Ms ?? 0
    const byLatency: RestHealthState =
      p50 > t.unhealthyMs ? 'UNHEALTHY' : p50 >= t.healthyMs ? 'DEGRADED' : 'HEALTHY'
    const byRate: RestHealthState =
      successRate < t.unhealthyRate ? 'UNHEALTHY' : successRate <= t.healthyRate ? 'DEGRADED' : 'HEALTHY'
    state = RANK[byLatency] >= RANK[byRate] ? byLatency : byRate
  }
  return { state, p50Ms, p95Ms, successRate, sampleCount: window.length }
}

/** Keeps the last samples and tells listeners when the state word changes. */
export class RestHealthTracker {
  private samples: RestSample[] = []
  private last: RestHealthSnapshot
  private readonly listeners = new Set<(snapshot: RestHealthSnapshot) => void>()

  constructor(private readonly thresholds: RestHealthThresholds = DEFAULT_HEALTH_THRESHOLDS) {
    this.last = classifyRestHealth([], thresholds)
  }

  record(sample: RestSample): void {
    this.samples.push(sample)
    if (this.samples.length > this.thresholds.windowSize) this.samples.shift()
    const next = classifyRestHealth(this.samples, this.thresholds)
    const changed = next.state !== this.last.state
    this.last = next
    if (changed) for (const listener of this.listeners) listener(next)
  }

  snapshot(): RestHealthSnapshot {
    return this.last
  }

  /** Called on state changes only; returns an unsubscribe function. */
  onChange(listener: (snapshot: RestHealthSnapshot) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
