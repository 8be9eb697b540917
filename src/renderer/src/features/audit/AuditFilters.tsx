// Filters of the audit log: account, rule and kind (each "any" by default).
import { useMemo, type ReactElement } from 'react'
import type { AuditEntryView } from '../../../../shared/ipc/views'
import { useTiltguardStore } from '../../state/store'

const KINDS: readonly AuditEntryView['category'][] = ['enforcement', 'order', 'settings', 'connection', 'session', 'system']

export function AuditFilters(): ReactElement {
  const filter = useTiltguardStore((s) => s.auditFilter)
  const setFilter = useTiltguardStore((s) => s.setAuditFilter)
  const accounts = useTiltguardStore((s) => s.accounts)
  const audit = useTiltguardStore((s) => s.audit)
  const ruleIds = useMemo(() => [...new Set(audit.map((e) => e.ruleId).filter((r): r is string => r !== null))].sort(), [audit])
  return (
    <div className="filters" data-testid="audit-filters">
      <label>
        Account
        <select value={filter.accountId ?? ''} onChange={(e) => setFilter({ accountId: e.target.value === '' ? null : Number(e.target.value) })} data-testid="audit-filter-account">
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rule
        <select value={filter.ruleId ?? ''} onChange={(e) => setFilter({ ruleId: e.target.value === '' ? null : e.target.value })} data-testid="audit-filter-rule">
          <option value="">All rules</option>
          {ruleIds.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select
          value={filter.category ?? ''}
          onChange={(e) => setFilter({ category: e.target.value === '' ? null : (e.target.value as AuditEntryView['category']) })}
          data-testid="audit-filter-kind"
        >
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
