// The engine: everything Tiltguard does, independent of which host (Electron or headless) shows it.
// Opens the store and the keychain, decides which gateway to watch (a live account when one is
// configured, the embedded simulator otherwise), and serves the IPC contract's handlers.

import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EventSink } from '../../shared/ipc/api'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { HostedEngine } from '../ports/hosted-engine'
import type { Logger } from '../ports/logger'
import type { Notifier } from '../ports/notifier'
import { systemClock } from '../ports/clock'
import { createAppLogger } from '../log'
import { createSecretStore } from '../secrets'
import { acquireDataDirLock, type DataDirLock } from '../store/data-dir-lock'
import { startSimulator } from '../../sim'
import { createHandlers } from './handlers'
import { GatewayModes } from './gateway-modes'
import { loadSettings, tuningFromSettings } from './settings'
import { applyLogLevels, mergeTuning, watchSettings } from './settings-runtime'
import type { EngineConfig, EngineDeps } from './engine-config'
import { APP_VERSION } from './version'
import { loadRulesFile } from './rules-file'
import { createEngineServices } from './engine-services'

export type { EngineConfig, EngineDeps } from './engine-config'
import { installProcessGuard } from './process-guard'

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
  let dirLock: DataDirLock | null = null
  let removeGuard: () => void = () => undefined
  const statusListeners = new Set<() => void>()
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>): void => {
    for (const sink of sinks) sink.emit(name, payload)
  }

  // CFG-1: a bad rules file stops the engine here, with every problem by line, field and reason.
  if (config.rulesFile !== undefined) loadRulesFile(config.rulesFile)
  const exampleRulesFile = config.exampleRulesFile ?? findExampleRules()
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
    createServices: (liveStore, mode, audit) =>
      createEngineServices(liveStore, mode, audit, {
        clock,
        exampleRulesFile,
        ...(config.rulesFile !== undefined ? { rulesFile: config.rulesFile } : {}),
        ...(deps.adminPasswordCost !== undefined ? { admin: { cost: deps.adminPasswordCost } } : {}),
      }),
    onStatusChange: () => {
      for (const listener of statusListeners) listener()
    },
  })

  return {
    handlers: createHandlers({ modes, clock }),
    attach(sink) {
      sinks.add(sink)
      return () => sinks.delete(sink)
    },
    async start() {
      // H12-7: before anything opens a database in the directory.
      dirLock ??= acquireDataDirLock(config.dataDir)
      removeGuard = installProcessGuard(deps.process ?? process, logger)
      await modes.start().catch((error: unknown) => {
        removeGuard()
        dirLock?.release()
        dirLock = null
        throw error
      })
      stopWatching = watchSettings(settingsFile, settings, logger, (next, previous) => applyLogLevels(logger, next, previous))
    },
    async stop() {
      stopWatching()
      await modes.stop()
      removeGuard()
      dirLock?.release()
      dirLock = null
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


/** resources/rules.example.yaml beside the built app (out/main → ../../resources) or the source tree. */
function findExampleRules(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, '../../resources/rules.example.yaml'), join(here, '../../../resources/rules.example.yaml'), join(process.cwd(), 'resources/rules.example.yaml')]
  return candidates.find((path) => existsSync(path)) ?? (candidates[0] as string)
}

function logNotifier(logger: Logger): Notifier {
  const log = logger.child('notify')
  return {
    notify: (title, body, severity) =>
      severity === 'info' ? log.info(title, { body }) : log.warn(title, { body, severity }),
  }
}
