// The RECON-4 hold-back of user-hub events while a REST snapshot is in flight: kept in arrival order
// up to a limit, past which all are dropped and the caller must reconcile again.

import type { GatewayEvent } from '../ports/hub-events'

/** Hub events that change account state (market data is never held back: the snapshot has no prices). */
export type UserEvent = Extract<GatewayEvent, { kind: 'account' | 'order' | 'position' | 'trade' }>

export const isUserEvent = (e: GatewayEvent): e is UserEvent => e.kind === 'account' || e.kind === 'order' || e.kind === 'position' || e.kind === 'trade'

export interface HeldEvent {
  readonly event: UserEvent
  readonly receivedAt: number
}

export class UserEventBuffer {
  private held: HeldEvent[] | null = null
  private limit = 1000
  private overflowed = false

  get active(): boolean {
    return this.held !== null
  }

  start(limit: number): void {
    this.held = []
    this.limit = limit
    this.overflowed = false
  }

  /** Holds one event; on overflow everything held so far is dropped and later events are not kept. */
  hold(event: UserEvent, receivedAt: number): void {
    if (this.held === null) return
    if (this.held.length >= this.limit) {
      this.overflowed = true
      this.held = []
      return
    }
    if (!this.overflowed) this.held.push({ event, receivedAt })
  }

  /** Ends buffering and hands back what was held (empty after an overflow). */
  stop(): { readonly held: readonly HeldEvent[]; readonly overflowed: boolean } {
    const result = { held: this.held ?? [], overflowed: this.overflowed }
    this.held = null
    this.overflowed = false
    return result
  }
}
