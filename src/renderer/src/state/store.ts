// The one bound zustand store of the dashboard, made of slices. It is fed only by the IPC bridge
// (snapshot first, then pushed events) and by actions answering user input.
import { createStore, type StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import { createConnectionSlice, type ConnectionSlice } from './slices/connection-slice'
import { createSessionSlice, type SessionSlice } from './slices/session-slice'
import { createPortfolioSlice, type PortfolioSlice } from './slices/portfolio-slice'
import { createAuditSlice, type AuditSlice } from './slices/audit-slice'
import { createUiSlice, type UiSlice } from './slices/ui-slice'
import { createFillsSlice, type FillsSlice } from './slices/fills-slice'
import { createRiskSlice, type RiskSlice } from './slices/risk-slice'
import { createPnlSlice, type PnlSlice } from './slices/pnl-slice'
import { createSettingsSlice, type SettingsSlice } from './slices/settings-slice'

export type TiltguardState = ConnectionSlice &
  SessionSlice &
  PortfolioSlice &
  FillsSlice &
  RiskSlice &
  PnlSlice &
  AuditSlice &
  SettingsSlice &
  UiSlice
export type TiltguardStore = StoreApi<TiltguardState>

/** Creates a fresh store (one per page; tests make their own). */
export function createTiltguardStore(): TiltguardStore {
  return createStore<TiltguardState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createSessionSlice(...a),
    ...createPortfolioSlice(...a),
    ...createFillsSlice(...a),
    ...createRiskSlice(...a),
    ...createPnlSlice(...a),
    ...createAuditSlice(...a),
    ...createSettingsSlice(...a),
    ...createUiSlice(...a),
  }))
}

/** The page's store. */
export const tiltguardStore = createTiltguardStore()

/** Reads the page's store through a selector (combine with useShallow for object results). */
export function useTiltguardStore<T>(selector: (state: TiltguardState) => T): T {
  return useStore(tiltguardStore, selector)
}
