// The contract's handlers, one small group per domain, merged into the one map the IPC router serves.
// Input has already passed the contract's schema; refusals carry `toAppError()`.
import type { ContractHandlers } from '../../../shared/ipc/api'
import type { HandlerContext } from './context'
import { auditHandlers } from './audit-handlers'
import { killSwitchHandlers } from './kill-switch-handlers'
import { portfolioHandlers } from './portfolio-handlers'
import { riskHandlers } from './risk-handlers'
import { rulesHandlers } from './rules-handlers'
import { sessionHandlers } from './session-handlers'
import { settingsHandlers } from './settings-handlers'
import { simulatorHandlers } from './simulator-handlers'

export type { HandlerContext } from './context'

export function createHandlers(context: HandlerContext): ContractHandlers {
  return {
    ...sessionHandlers(context),
    ...portfolioHandlers(context),
    ...killSwitchHandlers(context),
    ...auditHandlers(context),
    ...rulesHandlers(context),
    ...riskHandlers(context),
    ...settingsHandlers(context),
    ...simulatorHandlers(context),
  }
}
