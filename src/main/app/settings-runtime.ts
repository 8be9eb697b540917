// Applies settings to a running engine: log levels now and on every change of the file (CFG-2); the
// tuning for gateway sessions, merged with any test overrides; and the file watcher itself.

import { unwatchFile, watchFile } from 'node:fs'
import type { Logger, LogLevel } from '../ports/logger'
import type { SessionTuning } from './session-config'
import { SettingsError, diffSettings, loadSettings, type Settings } from './settings'

/** Loggers that can change levels at runtime (the JSON logger); others are left alone. */
interface LevelledLogger extends Logger {
  setLevel(module: string, level: LogLevel | null): void
}

function isLevelled(logger: Logger): logger is LevelledLogger {
  return typeof (logger as Partial<LevelledLogger>).setLevel === 'function'
}

/** Module keys are logger-name prefixes below the root, e.g. `live`, `live.token`, `engine`. */
const moduleName = (key: string): string => (key === ROOT || key.startsWith(`${ROOT}.`) ? key : `${ROOT}.${key}`)
const ROOT = 'tiltguard'

/** LOG-6: the root level, then per-module overrides; overrides dropped from the file are cleared. */
export function applyLogLevels(logger: Logger, settings: Settings, previous?: Settings): void {
  if (!isLevelled(logger)) return
  for (const key of Object.keys(previous?.logging.modules ?? {})) logger.setLevel(moduleName(key), null)
  logger.setLevel(ROOT, settings.logging.level)
  for (const [key, level] of Object.entries(settings.logging.modules)) logger.setLevel(moduleName(key), level)
}

/** Test overrides win field by field over the settings-derived tuning. */
export function mergeTuning(base: SessionTuning, override: SessionTuning | undefined): SessionTuning {
  if (override === undefined) return base
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(override)) {
    const prior = merged[key]
    merged[key] = isObject(prior) && isObject(value) ? { ...prior, ...value } : value
  }
  return merged as SessionTuning
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * CFG-2: re-reads the settings file when it changes. Hot keys apply at once; restart-only keys are
 * logged as waiting for a restart; an invalid edit is logged and the running settings stay.
 */
export function watchSettings(
  path: string,
  initial: Settings,
  logger: Logger,
  applyHot: (next: Settings, previous: Settings) => void,
): () => void {
  const log = logger.child('settings')
  let current = initial
  const onChange = (): void => {
    try {
      const next = loadSettings(path)
      const diff = diffSettings(current, next)
      if (diff.hot.length > 0) {
        applyHot(next, current)
        log.info('settings applied', { keys: diff.hot })
      }
      if (diff.restartRequired.length > 0) log.warn('settings change takes effect after a restart', { keys: diff.restartRequired })
      current = next
    } catch (error) {
      const problems = error instanceof SettingsError ? error.problems : [{ key: '(file)', message: String(error) }]
      log.error('settings file invalid; keeping the running settings', { problems })
    }
  }
  watchFile(path, { interval: 2_000, persistent: false }, onChange)
  return () => unwatchFile(path, onChange)
}
