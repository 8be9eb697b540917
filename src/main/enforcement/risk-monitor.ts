// The live driver of the pure risk core: events arrive one at a time in arrival order (PIPE-2), each is
// folded through `step`, the resulting plans go to the executor, and one timer armed from the core's
// `nextWakeAt` delivers clock ticks so expiries, grace periods, session boundaries and the daily reset
// happen without a new event. The same core runs on replay and in tests; only this class owns a timer.
import type { Clock, TimerHandle } from '../ports/clock'
import { createRiskState, nextWakeAt, step, type AccountEvaluation, type RiskConfig, type RiskEvent, type RiskState, type StepResult } from '../risk'
import type { Plan } from '../risk/plan'
import type { PlanTiming } from './executor/executor'

/** The part of the Executor the monitor uses. */
export interface PlanSink {
  submit(plan: Plan, timing: PlanTiming): Promise<unknown>
}

export interface RiskMonitorDeps {
  readonly executor: PlanSink
  readonly clock: Clock
  readonly config: RiskConfig
  /** State restored from the store at start (I-33); a fresh state otherwise. */
  readonly initialState?: RiskState
  /** Called after every event with the core's verdict: the store and the UI publisher listen here. */
  readonly onStep?: (result: StepResult, event: RiskEvent) => void
  /** A failed executor submission or a throwing listener; never stops the stream. */
  readonly onError?: (error: unknown, context: string) => void
  /**
   * Longest wait of the wake timer. Timers drift or stall while the machine sleeps; waking at least this
   * often re-reads the clock, so a reset or an expiry missed during sleep is applied within this bound.
   */
  readonly maxTimerMs?: number
}

const DEFAULT_MAX_TIMER_MS = 30_000

export class RiskMonitor {
  private current: RiskState
  private config: RiskConfig
  private readonly latest = new Map<number, AccountEvaluation>()
  private timer: TimerHandle | null = null
  private stopped = false
  private readonly maxTimerMs: number

  constructor(private readonly deps: RiskMonitorDeps) {
    this.current = deps.initialState ?? createRiskState()
    this.config = deps.config
    this.maxTimerMs = deps.maxTimerMs ?? DEFAULT_MAX_TIMER_MS
  }

  /** Folds one event, hands its plans to the executor, re-arms the wake timer. Synchronous by design. */
  ingest(event: RiskEvent): StepResult {
    const receivedAt = this.deps.clock.now()
    const result = step(this.current, this.config, event)
    this.current = result.state
    this.config = result.config
    for (const evaluation of result.evaluations) this.latest.set(evaluation.accountId, evaluation)
    const plannedAt = this.deps.clock.now()
    for (const plan of result.plans) {
      this.deps.executor.submit(plan, { receivedAt, plannedAt }).catch((error: unknown) => this.report(error, `executor account ${plan.accountId}`))
    }
    try {
      this.deps.onStep?.(result, event)
    } catch (error) {
      this.report(error, 'onStep listener')
    }
    this.arm()
    return result
  }

  /** A new rules configuration (already validated and authorised) takes effect as an event. */
  setConfig(config: RiskConfig): StepResult {
    return this.ingest({ kind: 'config', at: this.deps.clock.now(), config })
  }

  state(): RiskState {
    return this.current
  }

  rules(): RiskConfig {
    return this.config
  }

  /** The last verdict per account: findings with headroom, status, errors of rules that threw. */
  evaluations(): readonly AccountEvaluation[] {
    return [...this.latest.values()]
  }

  /** Starts the wake timer without an event (e.g. right after restoring state at start). */
  start(): void {
    this.stopped = false
    this.ingest({ kind: 'tick', at: this.deps.clock.now() })
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private arm(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer)
    this.timer = null
    if (this.stopped) return
    const now = this.deps.clock.now()
    const wake = nextWakeAt(this.current, this.config, now)
    const delay = wake === null ? this.maxTimerMs : Math.min(Math.max(0, wake - now), this.maxTimerMs)
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null
      this.ingest({ kind: 'tick', at: this.deps.clock.now() })
    }, delay)
  }

  private report(error: unknown, context: string): void {
    this.deps.onError?.(error, context)
  }
}
