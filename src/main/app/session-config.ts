// Where a monitored gateway lives and the timing overrides of one session: plain data, shared by the
// session, the mode controller, the settings and the engine config.

import type { TokenManagerOptions } from '../gateway/auth/token-manager'
import type { RestClientOptions } from '../gateway/rest'
import type { HubSupervisorOptions } from '../gateway/hubs'
import type { PollerOptions, ReconcilerOptions } from '../gateway/sync'
import type { AuditRepository } from '../ports/repositories'
import type { Store } from '../store'

/** Where a gateway lives; the three URLs a trader configures for a ProjectX firm. */
export interface GatewayEndpoints {
  readonly restUrl: string
  readonly userHubUrl: string
  readonly marketHubUrl: string
}

/** The TopstepX production hosts (projectx-api.md §1.1, CFG-3). */
export const TOPSTEPX_ENDPOINTS: GatewayEndpoints = {
  restUrl: 'https://api.topstepx.com',
  userHubUrl: 'https://rtc.topstepx.com/hubs/user',
  marketHubUrl: 'https://rtc.topstepx.com/hubs/market',
}

/**
 * Optional timing overrides for chaos tests (production timings would take minutes); every field absent
 * means the component's production default.
 */
export interface SessionTuning {
  readonly token?: Partial<TokenManagerOptions>
  readonly hubs?: Pick<HubSupervisorOptions, 'retry' | 'rebuildIntervalMs' | 'pollingStartDelayMs'>
  readonly poller?: Pick<PollerOptions, 'baseIntervalMs' | 'accountIntervalMs'>
  readonly reconciler?: Pick<ReconcilerOptions, 'driftIntervalMs' | 'minReconnectIntervalMs' | 'retryDelaysMs'>
  readonly rest?: Pick<RestClientOptions, 'timeouts' | 'rateBuckets' | 'breakers'>
  /** SignalR keep-alive and server timeout (HUB-9). */
  readonly connection?: { readonly keepAliveIntervalMs?: number; readonly serverTimeoutMs?: number }
  /** Market feed silence that restarts the market hub (HEALTH-2). */
  readonly marketStaleMs?: number
}

/** The repositories one session writes; audit may be decorated (the engine observes appends). */
export type SessionStore = Pick<
  Store,
  'intents' | 'transitions' | 'journal' | 'portfolio' | 'meta' | 'lockouts' | 'enforcementLog' | 'riskSnapshots' | 'transaction'
> & {
  readonly audit: AuditRepository
}

/** The repositories a session writes, picked from the whole store (the audit log is decorated by the caller). */
export function sessionReposOf(store: Store): Omit<SessionStore, 'audit'> {
  return {
    intents: store.intents,
    transitions: store.transitions,
    journal: store.journal,
    portfolio: store.portfolio,
    meta: store.meta,
    lockouts: store.lockouts,
    enforcementLog: store.enforcementLog,
    riskSnapshots: store.riskSnapshots,
    transaction: store.transaction,
  }
}
