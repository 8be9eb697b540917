// Connection metrics of one hub supervisor for the health snapshot (HEALTH-5): last frame, reconnect
// count, current uptime and cumulative downtime.

import type { Clock } from '../../ports/clock'
import type { HubHealth, HubState } from '../../../shared/domain/health'

/** Time bookkeeping only; the supervisor decides when the hub is up or down. */
export class HubMetrics {
  private lastMessageAt: number | null = null
  private reconnectCount = 0
  private connectedSince: number | null = null
  private downtimeMs = 0
  private downSince: number | null = null
  private connectedOnce = false

  constructor(private readonly clock: Clock) {}

  /** True once any connection came up; later connects are rebuilds/reconnects, not the start. */
  get everConnected(): boolean {
    return this.connectedOnce
  }

  /** Monitoring starts: not connected yet already counts as downtime. */
  markStarting(): void {
    this.downSince = this.clock.now()
  }

  /** Stopping is intentional: only the uptime ends, no outage begins here. */
  markStopped(): void {
    this.connectedSince = null
  }

  markDown(): void {
    this.connectedSince = null
    if (this.downSince === null) this.downSince = this.clock.now()
  }

  /** `countAsReconnect` false for a planned token swap, which is not an outage recovery. */
  markUp(countAsReconnect: boolean): void {
    const now = this.clock.now()
    if (this.downSince !== null) this.downtimeMs += now - this.downSince
    this.downSince = null
    this.connectedSince = now
    if (this.connectedOnce && countAsReconnect) this.reconnectCount++
    this.connectedOnce = true
  }

  /** Any frame, including ones dropped later, proves the hub alive (HUB-3). */
  noteMessage(at: number): void {
    this.lastMessageAt = at
  }

  health(state: HubState, detail: string | null): HubHealth {
    const now = this.clock.now()
    return {
      state,
      lastMessageAt: this.lastMessageAt,
      reconnectCount: this.reconnectCount,
      connectedSince: this.connectedSince,
      downtimeMs: this.downtimeMs + (this.downSince !== null ? now - this.downSince : 0),
      detail,
    }
  }
}
