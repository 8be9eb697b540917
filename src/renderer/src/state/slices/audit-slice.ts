// Audit state: the newest entries first, de-duplicated by id and capped so the page stays light.
import type { StateCreator } from 'zustand'
import type { AuditEntryView } from '../../../../shared/ipc/views'
import type { TiltguardState } from '../store'

/** How many entries the page keeps; older ones stay in the engine's log. */
export const AUDIT_CAP = 500

export interface AuditSlice {
  readonly audit: readonly AuditEntryView[]
  /** Replaces the list (snapshot). */
  setAudit(entries: readonly AuditEntryView[]): void
  /** Merges entries (pushes, or an older page), keeping newest first and each id once. */
  mergeAudit(entries: readonly AuditEntryView[]): void
}

/** Merges two lists, newest (highest id) first, each id once, at most AUDIT_CAP entries. */
export function mergeAuditEntries(current: readonly AuditEntryView[], incoming: readonly AuditEntryView[]): AuditEntryView[] {
  const byId = new Map<number, AuditEntryView>()
  for (const e of current) byId.set(e.id, e)
  for (const e of incoming) byId.set(e.id, e)
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, AUDIT_CAP)
}

export const createAuditSlice: StateCreator<TiltguardState, [], [], AuditSlice> = (set) => ({
  audit: [],
  setAudit: (entries) => set({ audit: mergeAuditEntries([], entries) }),
  mergeAudit: (entries) => set((s) => ({ audit: mergeAuditEntries(s.audit, entries) })),
})
