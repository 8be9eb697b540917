// The kill switch: every selected account is halted (HALTED until the reset, or indefinitely as the
// preferences say), then flattened, cancelled and verified; progress is pushed per account.
import type { ContractHandlers } from '../../../shared/ipc/api'
import { RequestRefused } from '../request-refused'
import type { HandlerContext } from './context'

export function killSwitchHandlers({ modes, clock }: HandlerContext): Pick<ContractHandlers, 'flattenAll'> {
  return {
    async flattenAll({ accountId }) {
      const session = modes.requireCurrent()
      const known = session.accountIds()
      if (accountId !== null && !known.includes(accountId)) throw new RequestRefused('VALIDATION_FAILED', `Account ${accountId} is not monitored`)
      const ids = accountId === null ? known : [accountId]
      const until = modes.services.preferences.get().killSwitchLockout
      session.audit(`Kill switch pressed (${accountId === null ? 'all accounts' : `account ${accountId}`}); trading halted ${until === 'daily_reset' ? 'until the daily reset' : 'until an admin resumes it'}`, clock.now())
      if (!session.hasToken()) {
        session.halt(ids, until, 'kill switch')
        throw new RequestRefused('NOT_SIGNED_IN', 'Not signed in: the accounts are halted, but Tiltguard cannot reach them to flatten now')
      }
      const startedAt = clock.now()
      for (const id of ids) modes.publisher.emit('killSwitchProgress', { accountId: id, phase: 'started', ordersCancelled: 0, positionsClosed: 0, elapsedMs: 0 })
      const report = await session.flattenAll(ids, 'kill-switch').finally(() => {
        // Then the halt: from now on the core cancels every new order and closes every new position (PIPE-5).
        // After the flatten, so the two never race to close the same position.
        session.halt(ids, until, 'kill switch')
      })
      for (const result of report.accounts) {
        modes.publisher.emit('killSwitchProgress', {
          accountId: result.accountId,
          phase: result.verifiedFlat ? 'done' : 'failed',
          ordersCancelled: result.ordersCancelled,
          positionsClosed: result.positionsClosed,
          elapsedMs: clock.now() - startedAt,
        })
      }
      return report
    },
  }
}
