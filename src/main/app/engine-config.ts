// What the engine is built from: its configuration (from a host) and its injectable dependencies (tests).
// Its own module so create-engine, the handlers and the mode controller share it without an import cycle.

import type { Clock } from '../ports/clock'
import type { Logger } from '../ports/logger'
import type { Notifier } from '../ports/notifier'
import type { SecretStore } from '../ports/secret-store'
import type { SafeStorageLike } from '../secrets/safe-storage-secret-store'
import type { SimulatorHandle, SimulatorOptions } from '../../sim'
import type { GatewayEndpoints, SessionTuning } from './session-config'
import type { ProcessEvents } from './process-guard'

export interface EngineConfig {
  /** Where SQLite, logs and (if used) the safeStorage file live. */
  readonly dataDir: string
  /** A risk-rules file (YAML or JSON); validated at construction, in force in every mode. */
  readonly rulesFile?: string
  /** The example rules active on the simulator when no file or saved rules exist (default: resources/). */
  readonly exampleRulesFile?: string
  /** A live gateway; when absent and no account is stored, the embedded simulator runs. */
  readonly gateway?: GatewayEndpoints
  /** Credentials given in the environment: kept in memory only, never stored. */
  readonly credentials?: { readonly userName: string; readonly apiKey: string }
  readonly host: 'electron' | 'headless'
  /** Send the token in the hub URL too (fallback if a live gateway refuses header auth). */
  readonly hubTokenInQuery?: boolean
  /** Options of the embedded simulator (tests script it; the app uses the defaults). */
  readonly simulator?: SimulatorOptions
  /** Scaled-down timings for chaos tests; absent = production defaults. */
  readonly tuning?: SessionTuning
}

export interface EngineDeps {
  /** Replaces the default JSON file logger (tests). */
  readonly logger?: Logger
  readonly clock?: Clock
  /** OS notifications (the Electron shell); headless logs them. */
  readonly notifier?: Notifier
  /** Electron's safeStorage, the keychain fallback (STORE-3). */
  readonly safeStorage?: SafeStorageLike
  /** Replaces the keychain (tests that must not touch the OS keychain). */
  readonly secretStore?: SecretStore
  /** Keychain service name (tests use a unique one). */
  readonly keychainService?: string
  /** Starts the embedded simulator; tests wrap it to keep the handle and script the market. */
  readonly startSimulator?: (options: SimulatorOptions) => Promise<SimulatorHandle>
  /** Where the unhandled-error policy is installed while the engine runs; defaults to `process`. */
  readonly process?: ProcessEvents
  /** scrypt cost of the admin password (tests lower it; production keeps the default). */
  readonly adminPasswordCost?: number
}
