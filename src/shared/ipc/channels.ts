// The channel names of the IPC contract, and nothing else. They live apart from contract.ts so the
// sandboxed preload can import them without bundling zod; contract.ts builds its requests and events
// from these constants, so a name is still written exactly once.

/** Channel of each request, keyed by request name (`area:verb-noun`). */
export const REQUEST_CHANNEL = {
  getSnapshot: 'app:get-snapshot',
  signIn: 'session:sign-in',
  signOut: 'session:sign-out',
  forgetCredentials: 'session:forget-credentials',
  useSimulator: 'session:use-simulator',
  retryNow: 'conn:retry-now',
  flattenAll: 'kill:flatten-all',
  listAudit: 'audit:list',
  verifyAudit: 'audit:verify',
  exportAudit: 'audit:export',
  getRisk: 'risk:get',
  listFills: 'portfolio:list-fills',
  getPnlSeries: 'risk:get-pnl-series',
  getRules: 'rules:get',
  checkRules: 'rules:check',
  saveRules: 'rules:save',
  setAdminPassword: 'admin:set-password',
  clearLockout: 'risk:clear-lockout',
  setShadow: 'risk:set-shadow',
  getPreferences: 'settings:get-preferences',
  updatePreferences: 'settings:update-preferences',
  simMarket: 'sim:market',
  simTrade: 'sim:trade',
  simMovePrice: 'sim:move-price',
} as const

/** Channel of each pushed event, keyed by event name. */
export const EVENT_CHANNEL = {
  healthChanged: 'conn:health-changed',
  sessionChanged: 'session:changed',
  portfolioChanged: 'portfolio:changed',
  auditAppended: 'audit:appended',
  riskChanged: 'risk:changed',
  fillAppended: 'portfolio:fill-appended',
  killSwitchProgress: 'kill:progress',
} as const

/** Metadata the host adds to every push: a per-host counter that grows by one per delivered event. */
export interface EventMeta {
  readonly seq: number
}

/** The envelope of a pushed event on the wire (Electron IPC payload and headless bridge frame). */
export interface EventEnvelope<Payload = unknown> {
  readonly seq: number
  readonly payload: Payload
}
