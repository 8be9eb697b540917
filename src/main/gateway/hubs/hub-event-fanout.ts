// Delivers a hub's normalized events to its listeners: drops frames of contracts no longer subscribed,
// feeds the market watchdog, and isolates every listener from the others (SUB-4, SUB-5).

import type { Clock } from '../../ports/clock'
import type { GatewayEvent, GatewayEventListener } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { HubSubscriptions } from './hub-subscriptions'
import type { MarketWatchdog } from './market-watchdog'

export interface HubEventFanoutOptions {
  readonly clock: Clock
  readonly log: Logger
  readonly subscriptions: Pick<HubSubscriptions, 'has'>
  readonly watchdog: MarketWatchdog | null
  /** Called for every frame before it is normalized (stamps lastMessageAt). */
  readonly onFrame: (at: number) => void
}

export class HubEventFanout {
  private readonly listeners = new Set<GatewayEventListener>()

  constructor(private readonly options: HubEventFanoutOptions) {}

  /** Adds a listener; the returned function removes exactly it (SUB-4). */
  onEvent(listener: GatewayEventListener): () => void {
    const fn: GatewayEventListener = (e, at) => listener(e, at)
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }

  /** Handles one received frame; `produce` normalizes it, and a throwing one only costs that frame. */
  receive(produce: () => readonly GatewayEvent[]): void {
    const { clock, log, subscriptions, watchdog } = this.options
    const at = clock.now()
    this.options.onFrame(at)
    let events: readonly GatewayEvent[]
    try {
      events = produce()
    } catch (e) {
      log.error('hub frame handling failed', { error: String(e) })
      return
    }
    for (const event of events) {
      if (event.kind === 'quote' || event.kind === 'market-trade' || event.kind === 'depth') {
        // After UnsubscribeContractQuotes the server may still send a few frames: drop them (SUB-4).
        if (!subscriptions.has(event.contractId)) continue
        if (event.kind === 'quote') watchdog?.noteQuote(event.contractId, at)
      }
      for (const l of this.listeners) {
        try {
          l(event, at)
        } catch (e) {
          log.error('gateway event listener threw', { kind: event.kind, error: String(e) })
        }
      }
    }
  }
}
