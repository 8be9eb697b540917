// What the dashboard's buttons and forms do: call the contract and put the answer in the store.
// Errors arrive as AppError Results and are shown where the action started.

import type { TiltguardApi } from '../../../shared/ipc/api'
import type { SessionInfo } from '../../../shared/domain/session'
import type { Result } from '../../../shared/errors'
import type { TiltguardStore } from './store'

/** The three URLs of a ProjectX gateway. */
export interface GatewayUrls {
  readonly restUrl: string
  readonly userHubUrl: string
  readonly marketHubUrl: string
}

export interface Actions {
  /** Tests and stores the key; the caller clears its key field whatever the outcome. */
  /** `gateway` names another ProjectX firm's hosts; absent = the last used (TopstepX by default). */
  signIn(userName: string, apiKey: string, gateway?: GatewayUrls): Promise<boolean>
  signOut(): Promise<void>
  forgetCredentials(): Promise<void>
  useSimulator(): Promise<void>
  retryNow(): Promise<void>
  /** Kill switch, step 1: ask for confirmation. */
  armKillSwitch(): void
  /** Kill switch: back to idle (cancel, or dismiss the report). */
  resetKillSwitch(): void
  /** Kill switch, step 2: flatten every account. Only runs from the confirming step. */
  confirmKillSwitch(): Promise<void>
  /** Loads the page of audit entries older than the oldest shown. */
  loadOlderAudit(): Promise<void>
}

/** Creates the actions for one page. */
export function createActions(api: TiltguardApi, store: TiltguardStore): Actions {
  const s = () => store.getState()

  async function sessionRequest(run: () => Promise<Result<SessionInfo>>): Promise<boolean> {
    store.setState({ sessionBusy: true, sessionError: null })
    const result = await run()
    if (result.ok) {
      s().setSession(result.value)
      store.setState({ sessionBusy: false })
      return true
    }
    store.setState({ sessionBusy: false, sessionError: result.error })
    return false
  }

  return {
    signIn: (userName, apiKey, gateway) =>
      sessionRequest(() => api.signIn(gateway === undefined ? { userName, apiKey } : { userName, apiKey, gateway })),
    signOut: async () => void (await sessionRequest(() => api.signOut({}))),
    forgetCredentials: async () => void (await sessionRequest(() => api.forgetCredentials({}))),
    useSimulator: async () => void (await sessionRequest(() => api.useSimulator({}))),
    async retryNow() {
      store.setState({ sessionBusy: true, sessionError: null })
      const result = await api.retryNow({})
      store.setState({ sessionBusy: false, sessionError: result.ok ? null : result.error })
    },
    armKillSwitch: () => s().setKillSwitch({ phase: 'confirming', report: null, error: null }),
    resetKillSwitch: () => {
      if (s().killSwitch.phase !== 'running') s().setKillSwitch({ phase: 'idle', report: null, error: null })
    },
    async confirmKillSwitch() {
      if (s().killSwitch.phase !== 'confirming') return
      s().setKillSwitch({ phase: 'running', report: null, error: null })
      const result = await api.flattenAll({ accountId: null, confirm: true })
      s().setKillSwitch(
        result.ok ? { phase: 'done', report: result.value, error: null } : { phase: 'failed', report: null, error: result.error },
      )
    },
    async loadOlderAudit() {
      const oldest = s().audit.at(-1)
      const result = await api.listAudit(oldest === undefined ? { limit: 100 } : { limit: 100, beforeId: oldest.id })
      if (result.ok) s().mergeAudit(result.value)
    },
  }
}
