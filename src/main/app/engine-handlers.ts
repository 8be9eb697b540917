// The contract's request handlers: thin use cases over the active gateway session. Input has already
// passed the contract's schema; errors thrown here carry `toAppError()` so the IPC layer can send them.

import type { ContractHandlers } from '../../shared/ipc/api'
import type { DashboardSnapshot } from '../../shared/ipc/views'
import type { Clock } from '../ports/clock'
import type { GatewayModes } from './gateway-modes'
import { toAuditView } from './observable-audit'

/** How many audit entries the first snapshot carries; older ones are paged with `listAudit`. */
const SNAPSHOT_AUDIT_ENTRIES = 50

/** A refusal the trader can act on, e.g. the kill switch while not signed in. */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused'
  constructor(
    readonly code: 'NOT_SIGNED_IN' | 'VALIDATION_FAILED' | 'ENFORCEMENT_BUSY',
    message: string,
  ) {
    super(message)
  }
  toAppError() {
    return { code: this.code, message: this.message, retryable: this.code !== 'VALIDATION_FAILED' }
  }
}

export function createHandlers(modes: GatewayModes, clock: Clock): ContractHandlers {
  return {
    async getSnapshot(): Promise<DashboardSnapshot> {
      const session = modes.requireCurrent()
      const audit = modes.currentAudit?.list(SNAPSHOT_AUDIT_ENTRIES) ?? []
      return {
        health: session.health.current(),
        session: session.session.info(),
        portfolio: session.mirror.snapshot(),
        audit: audit.map(toAuditView),
        risk: { accounts: [], rulesSource: 'none', rulesVersion: 0, activeRuleCount: 0, exchangeTimeZone: 'America/Chicago', adminPasswordSet: false, at: clock.now() },
        fills: [],
        seq: 0,
      }
    },
    signIn: ({ userName, apiKey, gateway }) => modes.signIn(userName, apiKey, gateway),
    signOut: () => modes.signOut(),
    forgetCredentials: () => modes.forgetCredentials(),
    useSimulator: () => modes.useSimulator(),
    async retryNow() {
      await modes.requireCurrent().retryNow()
      return null
    },
    async flattenAll({ accountId }) {
      const session = modes.requireCurrent()
      if (session.tokens.current() === null) {
        throw new RequestRefused(
          'NOT_SIGNED_IN',
          'Not signed in: Tiltguard cannot reach the account to flatten it',
        )
      }
      const known = session.mirror.accountIds()
      if (accountId !== null && !known.includes(accountId)) {
        throw new RequestRefused('VALIDATION_FAILED', `Account ${accountId} is not monitored`)
      }
      const ids = accountId === null ? known : [accountId]
      session.audit(
        `Kill switch pressed (${accountId === null ? 'all accounts' : `account ${accountId}`})`,
        clock.now(),
      )
      return session.flatten.flattenAll(ids, 'kill-switch')
    },
    async listAudit({ limit, beforeId }) {
      const audit = modes.currentAudit
      return (audit?.list(limit, beforeId) ?? []).map(toAuditView)
    },
    // WIP (this session): the risk runtime lands next; these refuse plainly until then.
    verifyAudit: () => notWired('verifyAudit'),
    exportAudit: () => notWired('exportAudit'),
    getRisk: () => notWired('getRisk'),
    listFills: () => notWired('listFills'),
    getPnlSeries: () => notWired('getPnlSeries'),
    getRules: () => notWired('getRules'),
    checkRules: () => notWired('checkRules'),
    saveRules: () => notWired('saveRules'),
    setAdminPassword: () => notWired('setAdminPassword'),
    clearLockout: () => notWired('clearLockout'),
    setShadow: () => notWired('setShadow'),
    getPreferences: () => notWired('getPreferences'),
    updatePreferences: () => notWired('updatePreferences'),
  }
}

function notWired(name: string): Promise<never> {
  return Promise.reject(new RequestRefused('VALIDATION_FAILED', `${name} is not wired yet`))
}
