// Sign-in, sign-out, mode switches and the manual retry.
import type { ContractHandlers } from '../../../shared/ipc/api'
import type { HandlerContext } from './context'

export function sessionHandlers({ modes }: HandlerContext): Pick<ContractHandlers, 'signIn' | 'signOut' | 'forgetCredentials' | 'useSimulator' | 'retryNow'> {
  return {
    signIn: ({ userName, apiKey, gateway }) => modes.signIn(userName, apiKey, gateway),
    signOut: () => modes.signOut(),
    forgetCredentials: () => modes.forgetCredentials(),
    useSimulator: () => modes.useSimulator(),
    async retryNow() {
      await modes.requireCurrent().retryNow()
      return null
    },
  }
}
