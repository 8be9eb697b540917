// The engine's EventSink for a host. It numbers every delivered push with a growing `seq` (so the
// renderer can spot a gap and re-fetch the snapshot), coalesces high-rate state events per name
// (latest wins, at most about 10 a second each), and forwards discrete events (audit entries,
// session changes) at once and in order, never dropping one.

import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { ContractHandlers, EventSink } from '../../shared/ipc/api'

/** Events that carry a whole state, so only the newest matters. Everything else is never merged. */
export const COALESCED_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['portfolioChanged', 'healthChanged'])

/** One delivered push. */
export interface PushedEvent {
  readonly name: EventName
  readonly seq: number
  readonly payload: unknown
}

export interface EventBroadcasterOptions {
  /** Delivers one push to every attached renderer. Exceptions are reported to `onSendError`. */
  readonly send: (push: PushedEvent) => void
  /** Minimum gap between two pushes of the same coalesced event; default 100 ms (≈10 Hz). */
  readonly intervalMs?: number
  readonly now?: () => number
  readonly onSendError?: (error: unknown) => void
}

export interface EventBroadcaster extends EventSink {
  /** The seq of the last delivered push (0 before the first). */
  readonly lastSeq: number
  /** Delivers every pending coalesced event now. */
  flush(): void
  /** Stops timers; pending coalesced events are dropped (the target is going away). */
  dispose(): void
}

interface Lane {
  pending: { payload: unknown } | null
  lastSentAt: number
  timer: ReturnType<typeof setTimeout> | null
}

/** Creates a broadcaster; see the file comment for its delivery rules. */
export function createEventBroadcaster(options: EventBroadcasterOptions): EventBroadcaster {
  const intervalMs = options.intervalMs ?? 100
  const now = options.now ?? Date.now
  const lanes = new Map<EventName, Lane>()
  let seq = 0
  let disposed = false

  function deliver(name: EventName, payload: unknown): void {
    seq += 1
    try {
      options.send({ name, seq, payload })
    } catch (error) {
      options.onSendError?.(error)
    }
  }

  function flushLane(name: EventName, lane: Lane): void {
    if (lane.timer !== null) clearTimeout(lane.timer)
    lane.timer = null
    if (lane.pending === null) return
    const { payload } = lane.pending
    lane.pending = null
    lane.lastSentAt = now()
    deliver(name, payload)
  }

  function laneFor(name: EventName): Lane {
    let lane = lanes.get(name)
    if (lane === undefined) {
      lane = { pending: null, lastSentAt: Number.NEGATIVE_INFINITY, timer: null }
      lanes.set(name, lane)
    }
    return lane
  }

  return {
    get lastSeq() {
      return seq
    },
    emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
      if (disposed) return
      if (!COALESCED_EVENTS.has(name)) {
        deliver(name, payload)
        return
      }
      const lane = laneFor(name)
      lane.pending = { payload }
      if (lane.timer !== null) return // already scheduled; the newer payload replaces the older
      const waitMs = lane.lastSentAt + intervalMs - now()
      if (waitMs <= 0) flushLane(name, lane)
      else lane.timer = setTimeout(() => flushLane(name, lane), waitMs)
    },
    flush() {
      for (const [name, lane] of lanes) flushLane(name, lane)
    },
    dispose() {
      disposed = true
      for (const lane of lanes.values()) {
        if (lane.timer !== null) clearTimeout(lane.timer)
        lane.timer = null
        lane.pending = null
      }
    },
  }
}

/**
 * The snapshot carries the seq of the last push delivered before it, so the renderer drops older pushes
 * that were still in flight and applies only newer ones (pushes and replies share one ordered channel).
 */
export function stampSnapshotSeq(handlers: ContractHandlers, broadcaster: Pick<EventBroadcaster, 'lastSeq'>): ContractHandlers {
  return {
    ...handlers,
    getSnapshot: async (input) => ({ ...(await handlers.getSnapshot(input)), seq: broadcaster.lastSeq }),
  }
}
