// The engine's EventSink for a host. It numbers every delivered push with a growing `seq` (so the
// renderer can drop pushes older than its snapshot and spot a gap), and delivers every event at once and
// in order. Coalescing of high-rate state happens once, in the engine (app/event-publisher.ts).

import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { ContractHandlers, EventSink } from '../../shared/ipc/api'

/** One delivered push. */
export interface PushedEvent {
  readonly name: EventName
  readonly seq: number
  readonly payload: unknown
}

export interface EventBroadcasterOptions {
  /** Delivers one push to every attached renderer. Exceptions are reported to `onSendError`. */
  readonly send: (push: PushedEvent) => void
  readonly onSendError?: (error: unknown) => void
}

export interface EventBroadcaster extends EventSink {
  /** The seq of the last delivered push (0 before the first). */
  readonly lastSeq: number
  /** Stops delivery (the target is going away). */
  dispose(): void
}

/** Creates a broadcaster; see the file comment for its delivery rules. */
export function createEventBroadcaster(options: EventBroadcasterOptions): EventBroadcaster {
  let seq = 0
  let disposed = false
  return {
    get lastSeq() {
      return seq
    },
    emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
      if (disposed) return
      seq += 1
      try {
        options.send({ name, seq, payload })
      } catch (error) {
        options.onSendError?.(error)
      }
    },
    dispose() {
      disposed = true
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
