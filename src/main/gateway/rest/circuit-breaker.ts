// A generic circuit breaker (CB-1..6): CLOSED → OPEN on consecutive failures or a bad error ratio,
// OPEN → HALF_OPEN after a timeout that doubles on each failed probe, HALF_OPEN → CLOSED after enough
// successful probes. Enforcement calls may bypass OPEN and count as probes (CB-5).

import type { BreakerHealth, BreakerState } from '../../../shared/domain/health'
import type { Clock, TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'

export interface CircuitBreakerConfig {
  /** Consecutive failures that open the breaker. */
  readonly failureThreshold: number
  /** First OPEN duration; doubled after each failed probe up to `maxOpenMs`. */
  readonly openMs: number
  /** Probes allowed in flight at once while HALF_OPEN. */
  readonly halfOpenMaxProbes: number
  /** Successful probes that close the breaker. */
  readonly successThreshold: number
  /** Minimum calls inside `rollingWindowMs` before the error ratio can open the breaker (CB-3). */
  readonly volumeThreshold?: number
  readonly rollingWindowMs?: number
  /** Failure share that opens the breaker once the volume is reached. */
  readonly errorRatio?: number
  readonly maxOpenMs?: number
}

/** CB-1 values. `hub` is for the hub supervisors, which reuse this class. */
export const BREAKER_CONFIGS = {
  general: { failureThreshold: 5, openMs: 60_000, halfOpenMaxProbes: 3, successThreshold: 3 },
  history: { failureThreshold: 10, openMs: 120_000, halfOpenMaxProbes: 2, successThreshold: 2 },
  hub: { failureThreshold: 3, openMs: 10_000, halfOpenMaxProbes: 1, successThreshold: 2 },
} as const satisfies Record<string, CircuitBreakerConfig>

/** Permission for one call; report exactly one outcome. Later reports are ignored. */
export interface BreakerPermit {
  /** True when the call was let through as a probe (HALF_OPEN, or a bypass while OPEN). */
  readonly probe: boolean
  success(): void
  failure(): void
  /** Neither: 401, 429, business rejections, cancelled calls (CB-2). */
  neutral(): void
}

export interface CircuitBreakerDeps {
  readonly clock: Clock
  readonly logger?: Logger
  readonly meta?: MetaRepository
  /** Defaults to `rest.breaker.<group>`. */
  readonly metaKey?: string
}

interface PersistedBreaker {
  readonly v: 1
  readonly state: BreakerState
  readonly openedAt: number
  readonly openMs: number
}

export class CircuitBreaker {
  private readonly cfg: Required<CircuitBreakerConfig>
  private readonly clock: Clock
  private readonly logger: Logger | undefined
  private readonly meta: MetaRepository | undefined
  private readonly metaKey: string
  private current: BreakerState = 'CLOSED'
  /** Bumped on every transition so outcomes of permits from an earlier phase are ignored. */
  private generation = 0
  private consecutiveFailures = 0
  private rolling: { at: number; failed: boolean }[] = []
  private openedAt = 0
  private openMs: number
  private probesInFlight = 0
  private probeSuccesses = 0
  private timer: TimerHandle | null = null
  private readonly listeners = new Set<(state: BreakerState, group: string) => void>()
  /** Callers parked while every HALF_OPEN probe slot is taken (H12-1): woken by a verdict or a free slot. */
  private readonly waiters = new Set<() => void>()

  constructor(
    readonly group: string,
    config: CircuitBreakerConfig,
    deps: CircuitBreakerDeps,
  ) {
    this.cfg = {
      volumeThreshold: 10,
      rollingWindowMs: 10_000,
      errorRatio: 0.5,
      maxOpenMs: 600_000,
      ...config,
    }
    this.clock = deps.clock
    this.logger = deps.logger
    this.meta = deps.meta
    this.metaKey = deps.metaKey ?? `rest.breaker.${group}`
    this.openMs = this.cfg.openMs
    this.load()
  }

  /** Current state; an expired OPEN turns HALF_OPEN on read even if the timer has not fired yet. */
  get state(): BreakerState {
    this.checkOpenExpired()
    return this.current
  }

  /** The OPEN duration in force (doubles after failed probes, CB-4). */
  get currentOpenMs(): number {
    return this.openMs
  }

  /**
   * Asks to make a call. Null = fail fast (OPEN, or HALF_OPEN with every probe slot taken).
   * `bypass` (enforcement) always gets a permit and counts as a probe when not CLOSED (CB-5).
   */
  tryAcquire(bypass = false): BreakerPermit | null {
    this.checkOpenExpired()
    const gen = this.generation
    if (this.current === 'CLOSED') return this.permit(false, gen, false)
    if (this.current === 'OPEN') return bypass ? this.permit(true, gen, false) : null
    if (this.probesInFlight >= this.cfg.halfOpenMaxProbes && !bypass) return null
    this.probesInFlight++
    return this.permit(true, gen, true)
  }

  /** Milliseconds until an OPEN breaker half-opens; 0 when not OPEN. */
  get remainingOpenMs(): number {
    if (this.state !== 'OPEN') return 0
    return Math.max(0, this.openedAt + this.openMs - this.clock.now())
  }

  /** True when a non-bypass call would get a permit now (CLOSED, or HALF_OPEN with a free probe slot). */
  hasProbeSlot(): boolean {
    const state = this.state
    return state === 'CLOSED' || (state === 'HALF_OPEN' && this.probesInFlight < this.cfg.halfOpenMaxProbes)
  }

  /**
   * H12-1: resolves when the HALF_OPEN phase may admit this caller again: a probe slot frees, the probes
   * decide (CLOSED or OPEN), or `maxWaitMs` / the signal ends the wait. Callers refused a slot wait here
   * instead of failing, so a burst of reads (a reconciliation) never aborts the probes that decide.
   */
  waitForVerdict(maxWaitMs: number, signal?: AbortSignal): Promise<void> {
    if (this.state !== 'HALF_OPEN' || this.probesInFlight < this.cfg.halfOpenMaxProbes) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.waiters.delete(done)
        this.clock.clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = this.clock.setTimeout(done, maxWaitMs)
      signal?.addEventListener('abort', done, { once: true })
      this.waiters.add(done)
    })
  }

  health(): BreakerHealth {
    return { group: this.group, state: this.state }
  }

  /** Listener for transitions; returns an unsubscribe function. */
  onStateChange(listener: (state: BreakerState, group: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Stops the HALF_OPEN timer (state stays persisted). */
  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private permit(probe: boolean, gen: number, holdsSlot: boolean): BreakerPermit {
    let done = false
    const finish = (outcome: 'success' | 'failure' | 'neutral'): void => {
      if (done) return
      done = true
      if (holdsSlot && gen === this.generation) this.probesInFlight = Math.max(0, this.probesInFlight - 1)
      if (gen === this.generation && outcome !== 'neutral') {
        if (probe) this.onProbe(outcome)
        else this.onClosedCall(outcome)
      }
      // A slot freed (or a verdict reached): parked callers try again.
      if (holdsSlot) this.wakeWaiters()
    }
    return {
      probe,
      success: () => finish('success'),
      failure: () => finish('failure'),
      neutral: () => finish('neutral'),
    }
  }

  private onClosedCall(outcome: 'success' | 'failure'): void {
    if (this.current !== 'CLOSED') return
    const now = this.clock.now()
    this.rolling.push({ at: now, failed: outcome === 'failure' })
    this.rolling = this.rolling.filter((c) => c.at > now - this.cfg.rollingWindowMs)
    if (outcome === 'success') {
      this.consecutiveFailures = 0
      return
    }
    this.consecutiveFailures++
    const failures = this.rolling.filter((c) => c.failed).length
    const ratioTrip =
      this.rolling.length >= this.cfg.volumeThreshold && failures / this.rolling.length >= this.cfg.errorRatio
    if (this.consecutiveFailures >= this.cfg.failureThreshold || ratioTrip) {
      this.openMs = this.cfg.openMs
      this.transition('OPEN', ratioTrip ? 'error ratio' : 'consecutive failures')
    }
  }

  private onProbe(outcome: 'success' | 'failure'): void {
    if (outcome === 'failure') {
      this.openMs = Math.min(this.openMs * 2, this.cfg.maxOpenMs)
      this.transition('OPEN', 'probe failed')
      return
    }
    if (this.current === 'OPEN') this.transition('HALF_OPEN', 'bypass call succeeded')
    this.probeSuccesses++
    if (this.probeSuccesses >= this.cfg.successThreshold) {
      this.openMs = this.cfg.openMs
      this.transition('CLOSED', 'probes succeeded')
    }
  }

  private checkOpenExpired(): void {
    if (this.current === 'OPEN' && this.clock.now() >= this.openedAt + this.openMs)
      this.transition('HALF_OPEN', 'open timeout elapsed')
  }

  private transition(next: BreakerState, reason: string): void {
    const prev = this.current
    this.current = next
    this.generation++
    this.probesInFlight = 0
    this.probeSuccesses = 0
    this.consecutiveFailures = 0
    this.rolling = []
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    if (next === 'OPEN') {
      this.openedAt = this.clock.now()
      this.armTimer()
    }
    const context = { group: this.group, from: prev, to: next, reason, openMs: this.openMs }
    if (next === 'OPEN') this.logger?.warn('circuit breaker opened', context)
    else this.logger?.info('circuit breaker state changed', context)
    this.save()
    this.wakeWaiters()
    for (const listener of this.listeners) {
      try {
        listener(next, this.group)
      } catch (error) {
        this.logger?.error('breaker listener failed', { group: this.group, error: String(error) })
      }
    }
  }

  private wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake()
  }

  private armTimer(): void {
    const due = Math.max(0, this.openedAt + this.openMs - this.clock.now())
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      this.checkOpenExpired()
    }, due)
  }

  private save(): void {
    if (!this.meta) return
    try {
      this.meta.set<PersistedBreaker>(this.metaKey, {
        v: 1,
        state: this.current,
        openedAt: this.openedAt,
        openMs: this.openMs,
      })
    } catch (error) {
      this.logger?.warn('breaker state not saved', { group: this.group, error: String(error) })
    }
  }

  private load(): void {
    if (!this.meta) return
    let saved: PersistedBreaker | null = null
    try {
      saved = this.meta.get<PersistedBreaker>(this.metaKey)
    } catch (error) {
      this.logger?.warn('breaker state unreadable', { group: this.group, error: String(error) })
    }
    if (!saved || saved.v !== 1) return
    this.openMs = Math.min(Math.max(saved.openMs, this.cfg.openMs), this.cfg.maxOpenMs)
    if (saved.state === 'CLOSED') return
    // A clock that went backwards must not stretch OPEN beyond one timeout.
    this.openedAt = Math.min(saved.openedAt, this.clock.now())
    // H12-1: a persisted verdict is never trusted as-is. An unexpired OPEN keeps its remaining timeout
    // (CB-6); anything else restarts as a HALF_OPEN with no probe counted, so the first fresh probes of
    // this process decide, not a probe count or a phase left over from the previous run.
    if (saved.state === 'OPEN' && this.clock.now() < this.openedAt + this.openMs) {
      this.current = 'OPEN'
      this.armTimer()
      return
    }
    this.current = 'HALF_OPEN'
    this.logger?.info('circuit breaker restored as HALF_OPEN; the next calls probe', { group: this.group, saved: saved.state })
  }
}
