// The audit log: what Tiltguard saw and did, newest first.
import type { ReactElement } from 'react'
import { useTiltguardStore } from '../../state/store'
import { useActions } from '../../app/actions-context'
import { Icon, type IconName } from '../../components/Icon'

const SEVERITY: Readonly<Record<'info' | 'warning' | 'critical', { icon: IconName; word: string }>> = {
  info: { icon: 'dash', word: 'Info' },
  warning: { icon: 'warning', word: 'Warning' },
  critical: { icon: 'cross', word: 'Critical' },
}

export function AuditLog(): ReactElement {
  const audit = useTiltguardStore((s) => s.audit)
  const actions = useActions()
  return (
    <section className="panel audit" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <ol className="audit-list" data-testid="audit-log">
        {audit.length === 0 && <li className="empty">Nothing recorded yet.</li>}
        {audit.map((e) => (
          <li key={e.id} className={`audit-entry sev-${e.severity}`}>
            <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleTimeString()}</time>
            <span className="audit-sev">
              <Icon name={SEVERITY[e.severity].icon} /> {SEVERITY[e.severity].word}
            </span>
            <span className="audit-cat">{e.category}</span>
            <span className="audit-msg">{e.message}</span>
          </li>
        ))}
      </ol>
      {audit.length > 0 && (
        <button type="button" className="quiet" onClick={() => void actions.loadOlderAudit()}>
          Load older entries
        </button>
      )}
    </section>
  )
}
