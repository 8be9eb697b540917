// Outage and REST-polling bookkeeping of one hub supervisor: whether the hub is down, when polling is
// requested and when it is released again (HUB-12, F17).

import type { TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { TimerGroup } from '../../util/timer-group'

/** What the tracker reports back; the supervisor forwards these to its listener and state machine. */
export interface HubOutageCallbacks {
  /** An announced outage began (once per outage). */
  onOutage(): void
  /** REST polling must start. */
  onPollingNeeded(): void
  /** The hub is back: the sync layer stops polling once its reconciliation succeeded. */
  onPollingNotNeeded(): void
  /** Polling was just requested because the outage outlived `pollingStartDelayMs`. */
  onPollingDelayElapsed(): void
}

/** One outage at a time; polling is requested at most once per outage and released on `end()`. */
export class HubOutageTracker {
  private inOutage = false
  private polling = false
  private pollingTimer: TimerHandle | null = null

  constructor(
    private readonly timers: TimerGroup,
    private readonly pollingStartDelayMs: number,
    private readonly log: Logger,
    private readonly callbacks: HubOutageCallbacks,
  ) {}

  /** True while REST polling is requested for this hub. */
  get pollingActive(): boolean {
    return this.polling
  }

  /** Starts an outage unless one is running; `announce` false for "not connected yet" (F17). */
  begin(announce: boolean): void {
    if (this.inOutage) return
    this.inOutage = true
    if (announce) this.callbacks.onOutage()
    if (!this.polling && this.pollingTimer === null) {
      this.pollingTimer = this.timers.set(() => {
        this.pollingTimer = null
        if (!this.inOutage) return
        this.requestPolling()
        this.callbacks.onPollingDelayElapsed()
      }, this.pollingStartDelayMs)
    }
  }

  /** The hub is back (or stopped): no pending polling request, and a running one is released. */
  end(): void {
    this.inOutage = false
    this.timers.cancel(this.pollingTimer)
    this.pollingTimer = null
    if (this.polling) {
      this.polling = false
      this.callbacks.onPollingNotNeeded()
    }
  }

  /** Requests polling now, without waiting for the delay (e.g. on permanent failure). */
  requestPolling(): void {
    this.timers.cancel(this.pollingTimer)
    this.pollingTimer = null
    if (this.polling) return
    this.polling = true
    this.log.warn('hub down: REST polling requested')
    this.callbacks.onPollingNeeded()
  }
}
