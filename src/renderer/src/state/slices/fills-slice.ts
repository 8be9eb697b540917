// Today's fills, newest first, each id once. Fills are never coalesced, so each push is appended.
import type { StateCreator } from 'zustand'
import type { FillView } from '../../../../shared/domain/risk'
import type { TiltguardState } from '../store'

/** How many fills the page keeps (a busy day stays well below). */
export const FILLS_CAP = 5000

export interface FillsSlice {
  readonly fills: readonly FillView[]
  /** Replaces the list (snapshot). */
  setFills(fills: readonly FillView[]): void
  /** Adds or replaces one fill (a push; a voided fill replaces its earlier self). */
  appendFill(fill: FillView): void
}

/** Newest first (time, then id), each id once, at most FILLS_CAP. */
export function mergeFills(current: readonly FillView[], incoming: readonly FillView[]): FillView[] {
  const byId = new Map<number, FillView>()
  for (const f of current) byId.set(f.id, f)
  for (const f of incoming) byId.set(f.id, f)
  return [...byId.values()].sort((a, b) => b.at - a.at || b.id - a.id).slice(0, FILLS_CAP)
}

export const createFillsSlice: StateCreator<TiltguardState, [], [], FillsSlice> = (set) => ({
  fills: [],
  setFills: (fills) => set({ fills: mergeFills([], fills) }),
  appendFill: (fill) => set((s) => ({ fills: mergeFills(s.fills, [fill]) })),
})
