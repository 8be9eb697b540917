// The public contract of HubSupervisor: its constructor options and the listener the sync layer
// implements (re-exported from hub-supervisor.ts).

import type { Clock } from '../../ports/clock'
import type { TokenSource } from '../../ports/gateway'
import type { HubLifecycleListener, HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { HubSubscriptions } from './hub-subscriptions'
import type { MarketWatchdogOptions } from './market-watchdog'
import { jitter, type RetryPolicyConfig } from './retry-policy'
import type { ConnectionFactory } from './signalr-connection-factory'

/** Lifecycle callbacks plus the REST-polling request the sync layer acts on (HUB-12). */
export interface HubSupervisorListener extends HubLifecycleListener {
  /** `pollingStartDelayMs` into an outage (or at once on permanent failure): start REST polling. */
  onPollingNeeded?(hub: HubName): void
  /** After `onConnected` of a recovery: the sync layer stops polling once its reconciliation succeeded. */
  onPollingNotNeeded?(hub: HubName): void
}

/** Options of `HubSupervisor`; intervals are configurable so wire tests can scale them down. */
export interface HubSupervisorOptions {
  readonly hub: HubName
  readonly createConnection: ConnectionFactory
  readonly tokenSource: TokenSource
  readonly clock: Clock
  readonly logger: Logger
  /** Desired subscriptions of this hub (persisted, restored at launch). */
  readonly subscriptions: HubSubscriptions
  readonly listener?: HubSupervisorListener
  /** Backoff for automatic reconnect and for start retries (defaults: BACKOFF-1..3). */
  readonly retry?: RetryPolicyConfig
  /** Random source for jitter (tests). */
  readonly random?: () => number
  /** Rebuild period after permanent failure, ±20 % (default 60 000, HUB-7). */
  readonly rebuildIntervalMs?: number
  /** Outage age at which REST polling is requested (default 10 000, HUB-12). */
  readonly pollingStartDelayMs?: number
  /** Restart make-before-break after a token swap (default true, TOK-12). */
  readonly restartOnTokenSwap?: boolean
  /** True while a restart must wait (e.g. a flatten is in flight); polled every `deferCheckMs`. */
  readonly deferRestart?: () => boolean
  readonly deferCheckMs?: number
  /** Market hub only: enables the feed watchdog (HEALTH-2, RECON-10). */
  readonly watchdog?: Pick<MarketWatchdogOptions, 'isSessionOpen' | 'marketStaleMs' | 'firstQuoteTimeoutMs' | 'checkIntervalMs' | 'onPriceStale'>
}

/** H12-11: pause between rebuilds once the library gave up (was 60 s: live data up to a minute late). */
export const DEFAULT_REBUILD_INTERVAL_MS = 7_000

/** One rebuild pause: the interval ± 25 %, so many clients never retry in lockstep. */
export function rebuildDelayMs(options: Pick<HubSupervisorOptions, 'rebuildIntervalMs' | 'random'>): number {
  return jitter(options.rebuildIntervalMs ?? DEFAULT_REBUILD_INTERVAL_MS, 0.25, options.random ?? Math.random)
}

/** Consecutive 401 refresh cycles before falling back to the slow rebuild loop (no hot 401 loop). */
export const MAX_AUTH_CYCLES = 3
