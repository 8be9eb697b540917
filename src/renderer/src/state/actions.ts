// What the dashboard's buttons and forms do: call the contract and put the answer in the store.
// Errors arrive as AppError Results and are shown where the action started.

import type { TiltguardApi } from '../../../shared/ipc/api'
import type { SessionInfo } from '../../../shared/domain/session'
import type { Preferences } from '../../../shared/domain/preferences'
import type { RulesDocument } from '../../../shared/domain/risk'
import type { SimContractView } from '../../../shared/domain/session'
import type { AppError, Result } from '../../../shared/errors'
import type { TiltguardStore } from './store'

/** The three URLs of a ProjectX gateway. */
export interface GatewayUrls {
  readonly restUrl: string
  readonly userHubUrl: string
  readonly marketHubUrl: string
}

/** The outcome of an action that can fail with an AppError (null = done). */
export type Outcome = AppError | null

export interface Actions {
  /** Tests and stores the key; the caller clears its key field whatever the outcome. */
  /** `gateway` names another ProjectX firm's hosts; absent = the last used (TopstepX by default). */
  signIn(userName: string, apiKey: string, gateway?: GatewayUrls): Promise<boolean>
  signOut(): Promise<void>
  forgetCredentials(): Promise<void>
  useSimulator(): Promise<void>
  retryNow(): Promise<void>
  /** Kill switch, after the press-and-hold completed: flatten every account (or one). */
  runKillSwitch(accountId?: number | null): Promise<void>
  /** Kill switch: back to idle (dismiss the report). */
  resetKillSwitch(): void
  /** Loads the page of audit entries older than the oldest shown. */
  loadOlderAudit(): Promise<void>
  verifyAudit(): Promise<void>
  /** The CSV of the audit log (optionally one account), or the error. */
  exportAudit(accountId: number | null): Promise<Result<{ readonly csv: string; readonly rows: number }>>
  /** Asks the engine to check `yaml`; the answer lands in `rulesCheck`. */
  checkRules(yaml: string): Promise<void>
  saveRules(yaml: string, password?: string): Promise<Result<RulesDocument>>
  setAdminPassword(next: string, current?: string): Promise<Outcome>
  clearLockout(accountId: number, ruleId: string, symbol: string | null, password: string): Promise<Outcome>
  setShadow(accountId: number, shadow: boolean, password?: string): Promise<Outcome>
  updatePreferences(next: Preferences): Promise<Outcome>
  /** Switches the theme at once; it stays switched on this page even if the engine cannot keep it. */
  setTheme(theme: Preferences['theme']): Promise<void>
  /** Built-in simulator only: the contracts to practise on. */
  simMarket(): Promise<Result<readonly SimContractView[]>>
  /** Built-in simulator only: a market order as the web app would place it; the refusal's words, or null. */
  simTrade(accountId: number, contractId: string, side: 'buy' | 'sell', size: number): Promise<string | null>
  /** Built-in simulator only: moves a contract's price by whole points. */
  simMovePrice(contractId: string, points: number): Promise<string | null>
}

/** Creates the actions for one page. */
export function createActions(api: TiltguardApi, store: TiltguardStore): Actions {
  const s = () => store.getState()
  let killRunning = false

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

  async function reloadPreferences(): Promise<void> {
    const prefs = await api.getPreferences({})
    if (prefs.ok) s().setPreferences(prefs.value)
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
    async runKillSwitch(accountId = null) {
      if (killRunning) return
      killRunning = true
      s().setKillSwitch({ phase: 'running', report: null, error: null, progress: {} })
      const result = await api.flattenAll({ accountId, confirm: true })
      killRunning = false
      s().setKillSwitch(result.ok ? { phase: 'done', report: result.value, error: null } : { phase: 'failed', report: null, error: result.error })
    },
    resetKillSwitch: () => {
      if (s().killSwitch.phase !== 'running') s().setKillSwitch({ phase: 'idle', report: null, error: null, progress: {} })
    },
    async loadOlderAudit() {
      const oldest = s().audit.at(-1)
      const result = await api.listAudit(oldest === undefined ? { limit: 100 } : { limit: 100, beforeId: oldest.id })
      if (result.ok) s().mergeAudit(result.value)
    },
    async verifyAudit() {
      const result = await api.verifyAudit({})
      s().setAuditChain(result.ok ? result.value : { error: result.error.message })
    },
    exportAudit: (accountId) => api.exportAudit(accountId === null ? {} : { accountId }),
    async checkRules(yaml) {
      const result = await api.checkRules({ yaml })
      if (result.ok) {
        s().setRulesCheck({ yaml, check: result.value })
        s().setRulesError(null)
      } else s().setRulesError(result.error)
    },
    async saveRules(yaml, password) {
      const result = await api.saveRules(password === undefined ? { yaml } : { yaml, password })
      if (result.ok) {
        s().setRulesDocument(result.value)
        s().setRulesCheck(null)
      }
      return result
    },
    async setAdminPassword(next, current) {
      const result = await api.setAdminPassword(current === undefined ? { next } : { current, next })
      return result.ok ? null : result.error
    },
    async clearLockout(accountId, ruleId, symbol, password) {
      const result = await api.clearLockout({ accountId, ruleId, symbol, password })
      return result.ok ? null : result.error
    },
    async setShadow(accountId, shadow, password) {
      const result = await api.setShadow(password === undefined ? { accountId, shadow } : { accountId, shadow, password })
      if (result.ok) await reloadPreferences()
      return result.ok ? null : result.error
    },
    async updatePreferences(next) {
      const { preferences: previous, preferencesLoaded } = s()
      // Optimistic: the toggle moves at once and moves back if the engine refuses.
      s().setPreferences(next)
      const result = await api.updatePreferences(next)
      if (result.ok) {
        s().setPreferences(result.value)
        return null
      }
      store.setState({ preferences: previous, preferencesLoaded, preferencesError: result.error })
      return result.error
    },
    async setTheme(theme) {
      const next = { ...s().preferences, theme }
      store.setState({ preferences: next })
      const result = await api.updatePreferences(next)
      if (result.ok) s().setPreferences({ ...result.value, theme })
      else store.setState({ preferencesError: result.error })
    },
    simMarket: () => api.simMarket({}),
    async simTrade(accountId, contractId, side, size) {
      const result = await api.simTrade({ accountId, contractId, side, size })
      return result.ok ? result.value.message : result.error.message
    },
    async simMovePrice(contractId, points) {
      const result = await api.simMovePrice({ contractId, points })
      return result.ok ? null : result.error.message
    },
  }
}
