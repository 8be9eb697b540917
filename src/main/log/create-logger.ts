// Builds the app's root logger from plain settings, so the Electron shell and the headless engine wire it the same way.
import type { LogLevel } from '../ports/logger'
import { JsonLogger } from './json-logger'
import { RotatingFileSink, StderrSink, type LogSink } from './sinks'

export interface CreateAppLoggerOptions {
  /** App logs dir (Electron `app.getPath('logs')`); null disables the file sink (tests, CLI). */
  readonly logsDir: string | null
  readonly version: string
  /** Mirror lines to stderr (development, headless engine). */
  readonly stderr?: boolean
  readonly defaultLevel?: LogLevel
  readonly levels?: Readonly<Record<string, LogLevel>>
  /** Extra sinks, e.g. a MemorySink in e2e runs. */
  readonly extraSinks?: readonly LogSink[]
}

/** The root logger ('tiltguard'); close it at shutdown to flush the dedup summary and the file. */
export function createAppLogger(options: CreateAppLoggerOptions): JsonLogger {
  const sinks: LogSink[] = [...(options.extraSinks ?? [])]
  if (options.logsDir !== null) sinks.push(new RotatingFileSink({ dir: options.logsDir }))
  if (options.stderr) sinks.push(new StderrSink())
  return new JsonLogger({
    sinks,
    version: options.version,
    ...(options.defaultLevel ? { defaultLevel: options.defaultLevel } : {}),
    ...(options.levels ? { levels: options.levels } : {}),
  })
}
