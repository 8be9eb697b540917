// The state word and detail of one hub supervisor (HUB-11), and the lifecycle listener calls, each
// isolated so a throwing listener cannot break the supervisor.

import type { HubLifecycleListener, HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { HubState } from '../../../shared/domain/health'

/** Holds state + detail; only real state changes are logged and reported. */
export class HubStateReporter<L extends HubLifecycleListener> {
  private current: HubState = 'DISCONNECTED'
  private currentDetail: string | null = null

  constructor(
    private readonly hub: HubName,
    private readonly log: Logger,
    private readonly listener: L | undefined,
  ) {}

  get state(): HubState {
    return this.current
  }

  /** Human-readable reason for the current state (already redacted). */
  get detail(): string | null {
    return this.currentDetail
  }

  set(state: HubState, detail: string | null): void {
    if (state === this.current && detail === this.currentDetail) return
    const from = this.current
    this.current = state
    this.currentDetail = detail
    if (from !== state) {
      this.log.info('hub state', { from, to: state, detail })
      this.notify((l) => l.onStateChange?.(this.hub, state, detail))
    }
  }

  /** Updates the detail without reporting: progress within a state (retry counts) is not a change. */
  setDetail(detail: string): void {
    this.currentDetail = detail
  }

  notify(fn: (l: L) => void): void {
    const l = this.listener
    if (!l) return
    try {
      fn(l)
    } catch (e) {
      this.log.error('hub lifecycle listener threw', { error: String(e) })
    }
  }
}
