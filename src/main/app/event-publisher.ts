// Pushes the active session's state to the attached hosts. High-rate state (portfolio with prices, risk
// verdicts) is coalesced: the first change after a quiet spell goes out on the next tick, changes in the
// following 100 ms travel in one trailing push (≈10 Hz, latest wins, the last state never dropped).
// Fills and audit rows are pushed one by one and never coalesced. This is the engine's one coalescer:
// the hosts' broadcasters only number and deliver.
import type { Clock, TimerHandle } from '../ports/clock'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import { isEntityChange } from '../portfolio'
import type { MonitoredGateway } from './session/monitored-gateway'
import { toAuditView, type ObservableAuditRepository } from './observable-audit'

const PUSH_EVERY_MS = 100

type Emit = <N extends EventName>(name: N, payload: EventPayload<N>) => void

/** One coalesced stream: `schedule()` marks it dirty, `build()` makes the payload when it is sent. */
class Coalescer<N extends EventName> {
  private timer: TimerHandle | null = null
  private lastAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly clock: Clock,
    private readonly name: N,
    private readonly build: () => EventPayload<N> | null,
    private readonly emit: Emit,
    private readonly after: () => void,
  ) {}

  schedule(): void {
    if (this.timer !== null) return
    const wait = Math.max(0, this.lastAt + PUSH_EVERY_MS - this.clock.now())
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      this.lastAt = this.clock.now()
      const payload = this.build()
      if (payload !== null) this.emit(this.name, payload)
      this.after()
    }, wait)
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}

export interface PublisherSources {
  readonly portfolio: () => EventPayload<'portfolioChanged'> | null
  readonly risk: () => EventPayload<'riskChanged'> | null
}

export class EventPublisher {
  private readonly portfolioPush: Coalescer<'portfolioChanged'>
  private readonly riskPush: Coalescer<'riskChanged'>

  constructor(
    clock: Clock,
    private readonly emitNow: Emit,
    sources: PublisherSources,
    /** After each coalesced push (the host re-reads the overall status, e.g. for the tray). */
    private readonly onPushed: () => void,
  ) {
    this.portfolioPush = new Coalescer(clock, 'portfolioChanged', sources.portfolio, emitNow, onPushed)
    this.riskPush = new Coalescer(clock, 'riskChanged', sources.risk, emitNow, onPushed)
  }

  /**
   * Forwards one session's changes while `isActive()` (a session being swapped out stays silent).
   * Returns the function that stops forwarding.
   */
  forward(
    session: Pick<MonitoredGateway, 'onSessionChange' | 'onPortfolioChange' | 'fillView'>,
    audit: ObservableAuditRepository,
    isActive: () => boolean,
  ): () => void {
    const disposers = [
      session.onSessionChange((info) => {
        if (isActive()) this.emit('sessionChanged', info)
      }),
      session.onPortfolioChange((change) => {
        if (!isActive()) return
        // Prices are part of the portfolio view (last price, unrealized); sync signals are not.
        if (isEntityChange(change) || change.kind === 'quote') this.portfolioChanged()
        if (change.kind === 'trade') {
          const fill = session.fillView(change.trade.id)
          if (fill !== null) this.emit('fillAppended', fill)
        }
      }),
      audit.onAppend((entry) => {
        if (isActive()) this.emit('auditAppended', toAuditView(entry))
      }),
    ]
    return () => disposers.forEach((dispose) => dispose())
  }

  /**
   * Health is pushed at once and as it was: it changes on state transitions only (a few a minute at
   * most), and a short RECONNECTING must reach the UI even when it is over by the next tick (HUB-11).
   */
  healthChanged(snapshot: EventPayload<'healthChanged'>): void {
    this.emitNow('healthChanged', snapshot)
    this.onPushed()
  }

  portfolioChanged(): void {
    this.portfolioPush.schedule()
  }

  riskChanged(): void {
    this.riskPush.schedule()
  }

  /** Not coalesced: fills, audit rows, session and health changes, kill-switch progress. */
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    this.emitNow(name, payload)
  }

  stop(): void {
    this.portfolioPush.cancel()
    this.riskPush.cancel()
  }
}
