// Connection and data-health DTOs: what the engine tells the UI about its own view of the account.
// Every state here must be visible in the UI in words and icons, not colour alone.

/** Hub supervisor states (resilience.md HUB-11). */
export type HubState =
  | 'DISCONNECTED'
  | 'CONNECTING'
  | 'CONNECTED'
  | 'RECONNECTING'
  | 'POLLING'
  | 'PERMANENTLY_DISCONNECTED'
  | 'AUTH_REFRESH'

/** Token manager states (resilience.md TOK-14, TOK-9, SESS-3). EXPIRED and SIGNED_OUT mean "NOT MONITORING". */
export type TokenState = 'INITIAL' | 'VALID' | 'REFRESHING' | 'ERROR' | 'EXPIRED' | 'SIGNED_OUT'

/** REST health from the last 10 calls (resilience.md HEALTH-1). */
export type RestHealthState = 'HEALTHY' | 'DEGRADED' | 'UNHEALTHY' | 'DISCONNECTED'

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN'

/** FRESH only after a reconciliation succeeded since the last gap (RECON-2). */
export type DataFreshness = 'FRESH' | 'STALE' | 'RECONCILING'

/** The single word the tray icon and the banner show: the worst current state. */
export type OverallStatus = 'OK' | 'DEGRADED' | 'DOWN' | 'NOT_MONITORING'

export interface HubHealth {
  readonly state: HubState
  /** Epoch ms of the last frame of any kind received on this hub, or null if none yet. */
  readonly lastMessageAt: number | null
  readonly reconnectCount: number
  /** Epoch ms when the current connection came up, or null while not connected. */
  readonly connectedSince: number | null
  /** Cumulative ms spent not CONNECTED since the engine started. */
  readonly downtimeMs: number
  /** Human-readable reason for the current state (already redacted), e.g. "upgrade refused: 503". */
  readonly detail: string | null
}

export interface RateBucketHealth {
  readonly name: 'general' | 'bars'
  readonly limit: number
  readonly remaining: number
  readonly resetInMs: number
  readonly percentUsed: number
}

export interface BreakerHealth {
  readonly group: string
  readonly state: BreakerState
}

export interface HealthSnapshot {
  readonly overall: OverallStatus
  /** Why `overall` is not OK, in words ("user hub polling", "data stale"); empty when OK. */
  readonly reasons: readonly string[]
  /** Where the engine is connected: the embedded simulator or a real gateway. */
  readonly mode: 'simulator' | 'live'
  readonly token: { readonly state: TokenState; readonly expiresAt: number | null }
  readonly rest: {
    readonly state: RestHealthState
    readonly p50Ms: number | null
    readonly p95Ms: number | null
    readonly successRate: number | null
  }
  readonly userHub: HubHealth
  readonly marketHub: HubHealth
  readonly rateBuckets: readonly RateBucketHealth[]
  readonly breakers: readonly BreakerHealth[]
  readonly freshness: DataFreshness
  readonly lastReconciledAt: number | null
  /** Count of malformed hub frames skipped since start (DB-8, S7). */
  readonly malformedFrames: number
  readonly updatedAt: number
}
