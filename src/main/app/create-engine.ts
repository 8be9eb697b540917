// The engine: everything Tiltguard does, independent of which host (Electron or headless) shows it.
// Opens the store and the keychain, decides which gateway to watch (a live account when one is
// configured, the embedded simulator otherwise), and serves the IPC contract's handlers.

import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EventSink } from '../../shared/ipc/api'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { HostedEngine } from '../ports/hosted-engine'
import type { Logger } from '../ports/logger'
import type { Notifier } from '../ports/notifier'
import type { SecretStore } from '../ports/secret-store'
import { systemClock, type Clock } from '../ports/clock'
import { createAppLogger } from '../log'
import { createSecretStore } from '../secrets'
import type { SafeStorageLike } from '../secrets/safe-storage-secret-store'
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../sim'
import { createHandlers } from './engine-handlers'
import { GatewayModes } from './gateway-modes'
import type { GatewayEndpoints, SessionTuning } from './gateway-session'
import { loadSettings, tuningFromSettings } from './settings'
import { applyLogLevels, mergeTuning, watchSettings } from './settings-runtime'
import { installProcessGuard, type ProcessEvents } from './process-guard'

export interface EngineConfig {
  /** Where SQLite, logs and (if used) the safeStorage file live. */
  readonly dataDir: string
  /** A risk-rules file; checked for readability now, applied by the risk engine. */
  readonly rulesFile?: string
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
}

/** The engine is exactly what its hosts see of it. */
export type Engine = HostedEngine

/** Builds the engine; nothing runs until `start()`. */
export function createEngine(config: EngineConfig, deps: EngineDeps = {}): Engine {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const logger =
    deps.logger ??
    createAppLogger({ logsDir: join(config.dataDir, 'logs'), version: APP_VERSION, stderr: config.host === 'headless' })
  const clock = deps.clock ?? systemClock
  const notifier = deps.notifier ?? logNotifier(logger)
  const sinks = new Set<EventSink>()
  let stopWatching: () => void = () => undefined
  let removeGuard: () => void = () => undefined
  const statusListeners = new Set<() => void>()
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>): void => {
    for (const sink of sinks) sink.emit(name, payload)
  }

  if (config.rulesFile !== undefined) checkRulesFile(config.rulesFile)
  // CFG-1: an invalid settings file stops start-up here, with the key named in the error.
  const settingsFile = join(config.dataDir, 'settings.json')
  const settings = loadSettings(settingsFile)
  applyLogLevels(logger, settings)
  const tuning = mergeTuning(tuningFromSettings(settings), config.tuning)
  const hubTokenInQuery = config.hubTokenInQuery ?? settings.gateway.hubTokenInQuery
  const { hubTokenInQuery: _ignored, ...defaultEndpoints } = settings.gateway

  const modes = new GatewayModes({
    config: { ...config, tuning, hubTokenInQuery },
    defaultEndpoints,
    clock,
    logger,
    notifier,
    openSecrets: () =>
      deps.secretStore !== undefined
        ? Promise.resolve(deps.secretStore)
        : createSecretStore({
            logger,
            ...(deps.keychainService !== undefined ? { service: deps.keychainService } : {}),
            ...(deps.safeStorage !== undefined
              ? { safeStorage: deps.safeStorage, safeStorageFile: join(config.dataDir, 'secrets.bin') }
              : {}),
          }),
    emit,
    startSimulator: deps.startSimulator ?? startSimulator,
    onStatusChange: () => {
      for (const listener of statusListeners) listener()
    },
  })

  return {
    handlers: createHandlers(modes, clock),
    attach(sink) {
      sinks.add(sink)
      return () => sinks.delete(sink)
    },
    async start() {
      removeGuard = installProcessGuard(deps.process ?? process, logger)
      await modes.start()
      stopWatching = watchSettings(settingsFile, settings, logger, (next, previous) => applyLogLevels(logger, next, previous))
    },
    async stop() {
      stopWatching()
      await modes.stop()
      removeGuard()
      if (deps.logger === undefined && 'close' in logger && typeof logger.close === 'function') logger.close()
    },
    status: () => modes.status(),
    onStatusChange(listener) {
      statusListeners.add(listener)
      return () => statusListeners.delete(listener)
    },
    onResume: () => modes.onResume(),
  }
}

/** Written into every log line (LOG-1). */
const APP_VERSION = '0.1.0'

/** A rules file that cannot be read stops start-up with the file named (CFG-1). */
function checkRulesFile(path: string): void {
  try {
    JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`rules file ${path} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
}

function logNotifier(logger: Logger): Notifier {
  const log = logger.child('notify')
  return {
    notify: (title, body, severity) =>
      severity === 'info' ? log.info(title, { body }) : log.warn(title, { body, severity }),
  }
}
