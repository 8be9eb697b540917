// Decorates the audit repository so every appended entry is also pushed to the UI as it happens.

import type { AuditEntry, AuditRepository } from '../ports/repositories'
import type { AuditEntryView } from '../../shared/ipc/views'

/** The UI's view of an audit row: its structured detail stays in main (it may name internals). */
export function toAuditView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at,
    category: entry.category,
    severity: entry.severity,
    message: entry.message,
    accountId: entry.accountId,
    ruleId: typeof entry.detail?.ruleId === 'string' ? entry.detail.ruleId : null,
    latencyMs: typeof entry.detail?.latencyMs === 'number' ? entry.detail.latencyMs : null,
    shadow: entry.detail?.shadow === true,
  }
}

export class ObservableAuditRepository implements AuditRepository {
  private readonly listeners = new Set<(entry: AuditEntry) => void>()

  constructor(private readonly inner: AuditRepository) {}

  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const stored = this.inner.append(entry)
    for (const listener of this.listeners) listener(stored)
    return stored
  }

  list(limit: number, beforeId?: number): AuditEntry[] {
    return this.inner.list(limit, beforeId)
  }

  onAppend(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
