// Connection state: the engine's health snapshot, the page↔engine link, and snapshot sync status.
import type { StateCreator } from 'zustand'
import type { HealthSnapshot } from '../../../../shared/domain/health'
import type { AppError } from '../../../../shared/errors'
import type { LinkState } from '../../bridge/ws-api'
import type { TiltguardState } from '../store'

export interface ConnectionSlice {
  /** The engine's latest health, or null until the first snapshot arrives. */
  readonly health: HealthSnapshot | null
  /** The link to the engine itself: always 'open' in Electron, live in the browser. */
  readonly link: LinkState
  /** True while a snapshot is being fetched (first load, after a seq gap or a reconnect). */
  readonly syncing: boolean
  /** Why the last snapshot fetch failed, if it did. */
  readonly syncError: AppError | null
  setHealth(health: HealthSnapshot): void
  setLink(link: LinkState): void
}

export const createConnectionSlice: StateCreator<TiltguardState, [], [], ConnectionSlice> = (set) => ({
  health: null,
  link: 'open',
  syncing: false,
  syncError: null,
  setHealth: (health) => set({ health }),
  setLink: (link) => set({ link }),
})
