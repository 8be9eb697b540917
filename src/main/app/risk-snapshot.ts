// The risk panels' whole view: every account's verdicts plus where the rules come from.
import type { RiskSnapshot } from '../../shared/domain/risk'
import type { RiskRuntime } from '../enforcement/risk-runtime'
import type { EngineServices } from './engine-services'

export function riskSnapshotOf(risk: RiskRuntime, { rules, admin }: EngineServices, now: number): RiskSnapshot {
  return {
    accounts: risk.views(),
    rulesSource: rules.source,
    rulesVersion: rules.document().version,
    activeRuleCount: rules.activeRuleCount(),
    exchangeTimeZone: rules.config.global.reset.timezone,
    adminPasswordSet: admin.isSet(),
    at: now,
  }
}
