// The risk panels' whole view: every account's verdicts plus where the rules come from.
import type { RiskSnapshot } from '../../shared/domain/risk'
import type { EngineServices } from './engine-services'
import type { RiskControls } from './session/monitored-gateway'

export function riskSnapshotOf(risk: Pick<RiskControls, 'riskViews'>, { rules, admin }: EngineServices, now: number): RiskSnapshot {
  return {
    accounts: risk.riskViews(),
    rulesSource: rules.source,
    rulesVersion: rules.document().version,
    activeRuleCount: rules.activeRuleCount(),
    exchangeTimeZone: rules.config.global.reset.timezone,
    adminPasswordSet: admin.isSet(),
    at: now,
  }
}
