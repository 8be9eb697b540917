// The one bound zustand store of the dashboard, made of slices. It is fed only by the IPC bridge
// (snapshot first, then pushed events) and by actions answering user input.
import { createStore, type StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import { createConnectionSlice, type ConnectionSlice } from './slices/connection-slice'
import { createSessionSlice, type SessionSlice } from './slices/session-slice'
import { createPortfolioSlice, type PortfolioSlice } from './slices/portfolio-slice'
import { createAuditSlice, type AuditSlice } from './slices/audit-slice'
import { createUiSlice, type UiSlice } from './slices/ui-slice'

export type TiltguardState = ConnectionSlice & SessionSlice & PortfolioSlice & AuditSlice & UiSlice
export type TiltguardStore = StoreApi<TiltguardState>

/** Creates a fresh store (one per page; tests make their own). */
export function createTiltguardStore(): TiltguardStore {
  return createStore<TiltguardState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createSessionSlice(...a),
    ...createPortfolioSlice(...a),
    ...createAuditSlice(...a),
    ...createUiSlice(...a),
  }))
}

/** The page's store. */
export const tiltguardStore = createTiltguardStore()

/** Reads the page's store through a selector (combine with useShallow for object results). */
export function useTiltguardStore<T>(selector: (state: TiltguardState) => T): T {
  return useStore(tiltguardStore, selector)
}
