// What a host (Electron or headless) needs from the engine: `createEngine` returns one, and hosts and
// their tests depend on this small port, not on the engine's composition.

import type { ContractHandlers, EventSink } from '../../shared/ipc/api'
import type { OverallStatus } from '../../shared/domain/health'

/** The engine as hosts see it. */
export interface HostedEngine {
  /** Implements every request of the contract, given validated input. */
  readonly handlers: ContractHandlers
  /** Starts pushing events to `sink`; returns the function that detaches it. */
  attach(sink: EventSink): () => void
  start(): Promise<void>
  stop(): Promise<void>
  /** Worst current state (tray icon) and whether any position is open (quit confirmation). */
  status(): { overall: OverallStatus; hasOpenPositions: boolean }
  /** Calls `listener` whenever `status()` may have changed; returns the unsubscribe function. */
  onStatusChange(listener: () => void): () => void
  /** The machine woke from sleep: reconnect and reconcile now. */
  onResume(): void
}
