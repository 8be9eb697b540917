// Aggregates token, REST, hub, limiter, breaker, polling and reconcile state into the HealthSnapshot the
// UI shows; emits synchronously when an input changes and on a 1 s tick for ages (HEALTH-4/5).

import type { Clock, TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type {
  BreakerHealth,
  DataFreshness,
  HealthSnapshot,
  HubHealth,
  OverallStatus,
  RateBucketHealth,
  RestHealthState,
  TokenState,
} from '../../../shared/domain/health'

/** Pull-based readers of every input; each owner (token manager, RestClient, supervisors…) backs one. */
export interface HealthSources {
  token(): { readonly state: TokenState; readonly expiresAt: number | null }
  rest(): HealthSnapshot['rest']
  userHub(): HubHealth
  marketHub(): HubHealth
  rateBuckets(): readonly RateBucketHealth[]
  breakers(): readonly BreakerHealth[]
  freshness(): DataFreshness
  lastReconciledAt(): number | null
  /** Reconciliation retries exhausted (RECON-8). */
  reconcileDegraded(): boolean
  malformedFrames(): number
  /** Monitored accounts; none means nothing to protect. */
  accountCount(): number
  polling(): { readonly active: boolean; readonly health: 'HEALTHY' | 'UNHEALTHY' }
}

export interface HealthMonitorOptions {
  readonly sources: HealthSources
  readonly clock: Clock
  readonly logger: Logger
  readonly mode: 'simulator' | 'live'
  readonly onChange?: (snapshot: HealthSnapshot) => void
  readonly tickMs?: number
  /** Metrics log cadence (HEALTH-5). */
  readonly metricsLogIntervalMs?: number
}

/** Inputs of the overall rule, kept separate so the rule is a pure, table-testable function. */
export interface OverallInput {
  readonly token: TokenState
  readonly accountCount: number
  readonly rest: RestHealthState
  readonly userHub: HubHealth['state']
  readonly marketHub: HubHealth['state']
  readonly pollingActive: boolean
  readonly pollingHealthy: boolean
  readonly freshness: DataFreshness
  readonly breakerOpen: boolean
  readonly reconcileDegraded: boolean
}

/** The worst current state and every reason for it, in words. */
export function computeOverall(i: OverallInput): { readonly overall: OverallStatus; readonly reasons: readonly string[] } {
  const notMonitoring: string[] = []
  if (i.token === 'EXPIRED' || i.token === 'SIGNED_OUT' || i.token === 'INITIAL') notMonitoring.push(`session ${i.token.toLowerCase()}`)
  if (i.accountCount === 0) notMonitoring.push('no account monitored')
  if (notMonitoring.length > 0) return { overall: 'NOT_MONITORING', reasons: notMonitoring }

  const hubsDown = i.userHub !== 'CONNECTED' && i.marketHub !== 'CONNECTED'
  const down: string[] = []
  if (i.rest === 'DISCONNECTED') down.push('gateway REST unreachable')
  if (hubsDown && i.pollingActive && !i.pollingHealthy) down.push('both hubs down and polling failing')
  if (down.length > 0) return { overall: 'DOWN', reasons: down }

  const degraded: string[] = []
  if (i.userHub !== 'CONNECTED') degraded.push(`user hub ${i.userHub.toLowerCase()}`)
  if (i.marketHub !== 'CONNECTED') degraded.push(`market hub ${i.marketHub.toLowerCase()}`)
  if (i.pollingActive) degraded.push(i.pollingHealthy ? 'polling mode' : 'polling failing')
  if (i.freshness !== 'FRESH') degraded.push(`data ${i.freshness.toLowerCase()}`)
  if (i.rest === 'DEGRADED' || i.rest === 'UNHEALTHY') degraded.push(`REST ${i.rest.toLowerCase()}`)
  if (i.breakerOpen) degraded.push('circuit breaker open')
  if (i.reconcileDegraded) degraded.push('reconciliation failed')
  if (i.token === 'ERROR') degraded.push('token refresh failing')
  return degraded.length > 0 ? { overall: 'DEGRADED', reasons: degraded } : { overall: 'OK', reasons: [] }
}

/** Monitor-level metrics (HEALTH-5); per-hub and REST metrics live in the snapshot itself. */
export interface HealthMetrics {
  readonly overall: OverallStatus
  readonly overallSince: number
  readonly transitions: number
  /** Cumulative ms spent in each overall state since start. */
  readonly timeInStateMs: Readonly<Record<OverallStatus, number>>
  readonly reasons: readonly string[]
}

export class HealthMonitor {
  private last: HealthSnapshot | null = null
  private lastKey = ''
  private reasons: readonly string[] = []
  private overallSince: number
  private transitions = 0
  private readonly timeIn: Record<OverallStatus, number> = { OK: 0, DEGRADED: 0, DOWN: 0, NOT_MONITORING: 0 }
  private tickTimer: TimerHandle | null = null
  private lastMetricsLogAt: number
  private readonly log: Logger

  constructor(private readonly opts: HealthMonitorOptions) {
    this.log = opts.logger.child('health')
    this.overallSince = opts.clock.now()
    this.lastMetricsLogAt = opts.clock.now()
  }

  /** Computes the first snapshot and starts the 1 s tick. */
  start(): void {
    this.invalidate()
    this.scheduleTick()
  }

  stop(): void {
    if (this.tickTimer !== null) this.opts.clock.clearTimeout(this.tickTimer)
    this.tickTimer = null
  }

  /** Call on every input change: recomputes now and emits if anything but the timestamp changed (HEALTH-4). */
  invalidate(): HealthSnapshot {
    const s = this.opts.sources
    const now = this.opts.clock.now()
    const token = s.token()
    const rest = s.rest()
    const userHub = s.userHub()
    const marketHub = s.marketHub()
    const breakers = s.breakers()
    const polling = s.polling()
    const freshness = s.freshness()
    const { overall, reasons } = computeOverall({
      token: token.state,
      accountCount: s.accountCount(),
      rest: rest.state,
      userHub: userHub.state,
      marketHub: marketHub.state,
      pollingActive: polling.active,
      pollingHealthy: polling.health === 'HEALTHY',
      freshness,
      breakerOpen: breakers.some((b) => b.state !== 'CLOSED'),
      reconcileDegraded: s.reconcileDegraded(),
    })
    const snapshot: HealthSnapshot = {
      overall,
      reasons,
      mode: this.opts.mode,
      token: { state: token.state, expiresAt: token.expiresAt },
      rest,
      userHub,
      marketHub,
      rateBuckets: s.rateBuckets(),
      breakers,
      freshness,
      lastReconciledAt: s.lastReconciledAt(),
      malformedFrames: s.malformedFrames(),
      updatedAt: now,
    }
    this.track(overall, reasons, now)
    const key = JSON.stringify({ ...snapshot, updatedAt: 0 })
    this.last = snapshot
    if (key !== this.lastKey) {
      this.lastKey = key
      this.opts.onChange?.(snapshot)
    }
    return snapshot
  }

  /** The latest snapshot (computed on demand before the first one). */
  current(): HealthSnapshot {
    return this.last ?? this.invalidate()
  }

  metrics(): HealthMetrics {
    const now = this.opts.clock.now()
    const timeInStateMs = { ...this.timeIn }
    const overall = this.last?.overall ?? 'NOT_MONITORING'
    timeInStateMs[overall] += now - this.overallSince
    return { overall, overallSince: this.overallSince, transitions: this.transitions, timeInStateMs, reasons: this.reasons }
  }

  private track(overall: OverallStatus, reasons: readonly string[], now: number): void {
    const prev = this.last?.overall
    this.reasons = reasons
    if (prev === undefined || prev === overall) return
    this.timeIn[prev] += now - this.overallSince
    this.overallSince = now
    this.transitions++
    const level = overall === 'OK' ? 'info' : 'warn'
    this.log[level]('health changed', { from: prev, to: overall, reasons })
  }

  private scheduleTick(): void {
    this.tickTimer = this.opts.clock.setTimeout(() => {
      this.tickTimer = null
      this.invalidate()
      const now = this.opts.clock.now()
      if (now - this.lastMetricsLogAt >= (this.opts.metricsLogIntervalMs ?? 300_000)) {
        this.lastMetricsLogAt = now
        const snap = this.last
        this.log.info('health metrics', {
          ...this.metrics(),
          userHub: snap?.userHub,
          marketHub: snap?.marketHub,
          rest: snap?.rest,
        })
      }
      this.scheduleTick()
    }, this.opts.tickMs ?? 1_000)
  }
}
