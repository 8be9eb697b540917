// The API the renderer sees as `window.tiltguard`, in both hosts (Electron preload, headless bridge).
// Every request resolves to a Result: errors arrive as a serialisable AppError, never a thrown Error.

import type { Result } from '../errors'
import type { EventMeta } from './channels'
import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput } from './contract'

export type TiltguardApi = {
  readonly [N in RequestName]: (input: RequestInput<N>) => Promise<Result<RequestOutput<N>>>
} & {
  /**
   * Subscribes to a pushed event; returns the function that unsubscribes. `meta.seq` grows by one per
   * event the host delivers (all names share one counter), so a listener on every event can spot a gap
   * and re-fetch the snapshot. Throws on a name that is not in the contract.
   */
  readonly on: <N extends EventName>(name: N, listener: (payload: EventPayload<N>, meta: EventMeta) => void) => () => void
}

/** What the engine implements: one handler per request, given already-validated input. */
export type ContractHandlers = {
  readonly [N in RequestName]: (input: RequestInput<N>) => Promise<RequestOutput<N>>
}

/** How the engine pushes events to whichever host is attached. */
export interface EventSink {
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void
}
