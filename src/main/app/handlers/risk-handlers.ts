// Admin actions on the risk state: clearing a lockout early and shadow mode. Both loosen, so both need
// the admin password (ROLE-2); turning shadow mode off tightens and is always allowed.
import type { ContractHandlers } from '../../../shared/ipc/api'
import { adminRefusal } from '../rules-service'
import { RequestRefused } from '../request-refused'
import type { HandlerContext } from './context'

export function riskHandlers({ modes, clock }: HandlerContext): Pick<ContractHandlers, 'clearLockout' | 'setShadow'> {
  const verify = async (password: string | undefined, what: string): Promise<void> => {
    const { admin } = modes.services
    if (!admin.isSet()) throw new RequestRefused('ADMIN_REQUIRED', `${what} needs the admin password: set one in Settings first`)
    if (password === undefined) throw new RequestRefused('ADMIN_REQUIRED', `${what} needs the admin password`)
    try {
      await admin.verify(password)
    } catch (error) {
      throw adminRefusal(error)
    }
  }
  return {
    async clearLockout({ accountId, ruleId, symbol, password }) {
      await verify(password, 'Clearing a lockout')
      const session = modes.requireCurrent()
      const scope = symbol === null ? ({ kind: 'account' } as const) : ({ kind: 'symbol', root: symbol.toUpperCase() } as const)
      session.unlock(accountId, ruleId, scope, 'cleared by the admin')
      modes.activeAudit.append({ at: clock.now(), category: 'enforcement', severity: 'warning', message: `Admin cleared the ${ruleId} lockout${symbol === null ? '' : ` on ${symbol}`}`, accountId, detail: { ruleId } })
      return null
    },
    async setShadow({ accountId, shadow, password }) {
      const { preferences } = modes.services
      if (preferences.isShadow(accountId) === shadow) return null
      if (shadow) await verify(password, 'Shadow mode (rules stop acting)')
      preferences.setShadow(accountId, shadow)
      modes.activeAudit.append({
        at: clock.now(),
        category: 'settings',
        severity: 'warning',
        message: shadow ? 'Shadow mode on: rules are evaluated and recorded, nothing is sent' : 'Shadow mode off: rules act again',
        accountId,
        detail: { shadow },
      })
      modes.publisher.riskChanged()
      return null
    },
  }
}
