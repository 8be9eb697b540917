// The selected account's rules: limit, current value, a headroom bar (green < 70 %, amber 70–90 %,
// red > 90 % or breached), enabled or shadow, and when it last fired; "No rules active" when none is.
import { memo, type ReactElement } from 'react'
import type { RuleHeadroomView } from '../../../../shared/domain/risk'
import { useTiltguardStore } from '../../state/store'
import { useCurrentAccountId } from '../../state/selectors'
import { Icon, type IconName } from '../../components/Icon'
import { exchangeTime, ruleValue } from '../../lib/format'
import { headroomTone } from '../pnl/gauges'
import { Meter } from '../pnl/Meter'

const STANDING: Readonly<Record<RuleHeadroomView['standing'], { word: string; icon: IconName; tone: string }>> = {
  ok: { word: 'OK', icon: 'check', tone: 'ok' },
  warning: { word: 'Warning', icon: 'warning', tone: 'warn' },
  breached: { word: 'BREACHED', icon: 'cross', tone: 'bad' },
  inactive: { word: 'Inactive', icon: 'dash', tone: 'idle' },
}

const RuleRow = memo(function RuleRow({ rule, zone }: { readonly rule: RuleHeadroomView; readonly zone: string }): ReactElement {
  const look = STANDING[rule.enabled ? rule.standing : 'inactive']
  return (
    <li className="rule" data-testid={`rule-${rule.ruleId}`} data-standing={rule.standing}>
      <div className="rule-head">
        <span className="rule-label">{rule.label}</span>
        {rule.subject !== null && <span className="muted"> · {rule.subject}</span>}
        <span className={`chip tone-${look.tone}`}>
          <Icon name={look.icon} /> {look.word}
        </span>
        {rule.shadow && (
          <span className="chip tone-idle" title="Shadow mode: breaches are recorded, nothing is sent">
            <Icon name="eye" /> Shadow
          </span>
        )}
        {!rule.enabled && <span className="chip tone-idle">Disabled</span>}
      </div>
      {rule.percentUsed !== null ? (
        <Meter
          label={`${ruleValue(rule.currentValue, rule.unit)} of ${ruleValue(rule.limit, rule.unit)}`}
          percent={rule.percentUsed}
          tone={headroomTone(rule.percentUsed, rule.standing === 'breached')}
          testId={`headroom-${rule.ruleId}`}
        />
      ) : (
        <p className="rule-message">{rule.message}</p>
      )}
      <p className="rule-foot muted">
        {rule.lastFiredAt === null ? 'Not fired today' : `Last fired ${exchangeTime(rule.lastFiredAt, zone)}`}
      </p>
    </li>
  )
})

export function RulesPanel(): ReactElement {
  const accountId = useCurrentAccountId()
  const rules = useTiltguardStore((s) => (accountId === null ? undefined : s.riskByAccount[accountId]?.rules))
  const problems = useTiltguardStore((s) => (accountId === null ? undefined : s.riskByAccount[accountId]?.problems))
  const meta = useTiltguardStore((s) => s.riskMeta)
  const active = rules?.filter((r) => r.enabled) ?? []
  const none = meta !== null && (meta.rulesSource === 'none' || meta.activeRuleCount === 0 || (rules !== undefined && active.length === 0))
  return (
    <section className="panel rules" aria-labelledby="rules-title" data-testid="rules-panel">
      <h2 id="rules-title">
        Rules{meta !== null && meta.rulesSource === 'example' && <span className="tag">example rules</span>}
      </h2>
      {meta === null && <p className="empty">Loading rules…</p>}
      {none && (
        <p className="banner banner-warn" data-testid="no-rules">
          <Icon name="warning" /> No rules active: Tiltguard is watching but will not stop anything.
        </p>
      )}
      {problems !== undefined && problems.length > 0 && (
        <ul className="problems tone-warn" data-testid="rule-problems">
          {problems.map((p) => (
            <li key={p}>
              <Icon name="warning" /> {p}
            </li>
          ))}
        </ul>
      )}
      {rules !== undefined && rules.length > 0 && (
        <ul className="rule-list">
          {rules.map((r) => (
            <RuleRow key={`${r.ruleId}:${r.subject ?? ''}`} rule={r} zone={meta?.exchangeTimeZone ?? 'America/Chicago'} />
          ))}
        </ul>
      )}
    </section>
  )
}
