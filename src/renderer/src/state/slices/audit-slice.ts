// Audit state: the newest entries first, de-duplicated by id and capped so the page stays light; the
// trader's filters; and the engine's verdict on the hash chain.
import type { StateCreator } from 'zustand'
import type { AuditEntryView } from '../../../../shared/ipc/views'
import type { AuditChainView } from '../../../../shared/domain/risk'
import type { TiltguardState } from '../store'

/** How many entries the page keeps; older ones stay in the engine's log. */
export const AUDIT_CAP = 2000

export interface AuditFilter {
  readonly accountId: number | null
  readonly ruleId: string | null
  readonly category: AuditEntryView['category'] | null
}

export interface AuditSlice {
  readonly audit: readonly AuditEntryView[]
  readonly auditFilter: AuditFilter
  /** The last chain check, null until one ran; `error` when the check itself failed. */
  readonly auditChain: AuditChainView | { readonly error: string } | null
  /** Replaces the list (snapshot). */
  setAudit(entries: readonly AuditEntryView[]): void
  /** Merges entries (pushes, or an older page), keeping newest first and each id once. */
  mergeAudit(entries: readonly AuditEntryView[]): void
  setAuditFilter(filter: Partial<AuditFilter>): void
  setAuditChain(chain: AuditSlice['auditChain']): void
}

/** Merges two lists, newest (highest id) first, each id once, at most AUDIT_CAP entries. */
export function mergeAuditEntries(current: readonly AuditEntryView[], incoming: readonly AuditEntryView[]): AuditEntryView[] {
  const byId = new Map<number, AuditEntryView>()
  for (const e of current) byId.set(e.id, e)
  for (const e of incoming) byId.set(e.id, e)
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, AUDIT_CAP)
}

/** The entries that pass `filter`. */
export function filterAudit(entries: readonly AuditEntryView[], filter: AuditFilter): readonly AuditEntryView[] {
  if (filter.accountId === null && filter.ruleId === null && filter.category === null) return entries
  return entries.filter(
    (e) =>
      (filter.accountId === null || e.accountId === filter.accountId) &&
      (filter.ruleId === null || e.ruleId === filter.ruleId) &&
      (filter.category === null || e.category === filter.category),
  )
}

export const createAuditSlice: StateCreator<TiltguardState, [], [], AuditSlice> = (set) => ({
  audit: [],
  auditFilter: { accountId: null, ruleId: null, category: null },
  auditChain: null,
  setAudit: (entries) => set({ audit: mergeAuditEntries([], entries) }),
  mergeAudit: (entries) => set((s) => ({ audit: mergeAuditEntries(s.audit, entries) })),
  setAuditFilter: (filter) => set((s) => ({ auditFilter: { ...s.auditFilter, ...filter } })),
  setAuditChain: (auditChain) => set({ auditChain }),
})
