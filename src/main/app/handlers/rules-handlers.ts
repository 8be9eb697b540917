// The rules editor: read, check (problems by line and field, the diff, whether it loosens), save under the
// admin policy, and the admin password itself.
import type { ContractHandlers } from '../../../shared/ipc/api'
import { adminRefusal } from '../rules-service'
import type { HandlerContext } from './context'

export function rulesHandlers({ modes, clock }: HandlerContext): Pick<ContractHandlers, 'getRules' | 'checkRules' | 'saveRules' | 'setAdminPassword'> {
  const activeLockouts = () => modes.current?.activeLockouts() ?? []
  return {
    getRules: async () => modes.services.rules.document(),
    checkRules: async ({ yaml }) => modes.services.rules.check(yaml, activeLockouts()),
    saveRules: ({ yaml, password }) => modes.services.rules.save(yaml, password, activeLockouts()),
    async setAdminPassword({ current, next }) {
      const { admin } = modes.services
      try {
        if (admin.isSet()) {
          if (current === undefined) throw Object.assign(new Error('Enter the current admin password to change it'), { code: 'WRONG_PASSWORD' })
          await admin.change(current, next)
        } else {
          await admin.setInitial(next)
        }
      } catch (error) {
        throw adminRefusal(error)
      }
      modes.activeAudit.append({ at: clock.now(), category: 'settings', severity: 'warning', message: admin.isSet() && current !== undefined ? 'Admin password changed' : 'Admin password set', accountId: null, detail: null })
      modes.publisher.riskChanged()
      return null
    },
  }
}
