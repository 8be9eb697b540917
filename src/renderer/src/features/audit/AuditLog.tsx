// The audit log: breaches, enforcement (with latency), lockouts, config changes, connection events,
// kill-switch use and the trader's orders and fills, newest first. Filter by account, rule and kind;
// virtualised; CSV export; the engine's hash-chain check.
import { useMemo, type ReactElement } from 'react'
import type { AuditEntryView } from '../../../../shared/ipc/views'
import { useTiltguardStore } from '../../state/store'
import { selectAccountsById } from '../../state/selectors'
import { filterAudit } from '../../state/slices/audit-slice'
import { useActions } from '../../app/actions-context'
import { Icon, type IconName } from '../../components/Icon'
import { exchangeTime } from '../../lib/format'
import { VirtualTable, type Column } from '../tables/VirtualTable'
import { AccountName } from '../tables/AccountName'
import { AuditFilters } from './AuditFilters'
import { AuditTools } from './AuditTools'

const SEVERITY: Readonly<Record<AuditEntryView['severity'], { icon: IconName; word: string; tone: string }>> = {
  info: { icon: 'dash', word: 'Info', tone: 'idle' },
  warning: { icon: 'warning', word: 'Warning', tone: 'warn' },
  critical: { icon: 'cross', word: 'Critical', tone: 'bad' },
}

export function AuditLog(): ReactElement {
  const audit = useTiltguardStore((s) => s.audit)
  const filter = useTiltguardStore((s) => s.auditFilter)
  const accounts = useTiltguardStore(selectAccountsById)
  const zone = useTiltguardStore((s) => s.riskMeta?.exchangeTimeZone ?? 'America/Chicago')
  const actions = useActions()
  const rows = useMemo(() => filterAudit(audit, filter), [audit, filter])
  const columns = useMemo<Column<AuditEntryView>[]>(
    () => [
      { key: 'at', header: 'Time', width: '78px', numeric: true, render: (e) => exchangeTime(e.at, zone), sortValue: (e) => e.at },
      {
        key: 'sev',
        header: 'Severity',
        width: '92px',
        render: (e) => (
          <span className={`tone-${SEVERITY[e.severity].tone}`}>
            <Icon name={SEVERITY[e.severity].icon} /> {SEVERITY[e.severity].word}
          </span>
        ),
        sortValue: (e) => e.severity,
      },
      { key: 'kind', header: 'Kind', width: '96px', render: (e) => e.category, sortValue: (e) => e.category },
      { key: 'account', header: 'Account', width: '100px', render: (e) => (e.accountId === null ? '–' : <AccountName id={e.accountId} accounts={accounts} />) },
      { key: 'rule', header: 'Rule', width: '120px', render: (e) => e.ruleId ?? '–' },
      {
        key: 'msg',
        header: 'What happened',
        width: 'minmax(200px,4fr)',
        render: (e) => (
          <span title={e.message}>
            {e.shadow && <span className="tag">shadow</span>} {e.message}
          </span>
        ),
      },
      { key: 'lat', header: 'Latency', width: '70px', numeric: true, render: (e) => (e.latencyMs === null ? '' : `${e.latencyMs} ms`), sortValue: (e) => e.latencyMs ?? 0 },
    ],
    [accounts, zone],
  )
  return (
    <section className="panel audit" aria-labelledby="audit-title">
      <div className="panel-head">
        <h2 id="audit-title">Audit log</h2>
        <AuditTools />
      </div>
      <AuditFilters />
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(e) => String(e.id)}
        empty={audit.length === 0 ? 'Nothing recorded yet.' : 'No entries match these filters.'}
        testId="audit-log"
        label="Audit log"
        maxRows={12}
      />
      {audit.length > 0 && (
        <button type="button" className="quiet" onClick={() => void actions.loadOlderAudit()}>
          Load older entries
        </button>
      )}
    </section>
  )
}
