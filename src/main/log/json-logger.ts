// The structured logger behind the Logger port (LOG-1): one redacted JSON line per call, module
// levels changeable at runtime (LOG-6) and repeated identical errors thinned out (LOG-5).
import type { Clock, TimerHandle } from '../ports/clock'
import type { LogLevel, Logger } from '../ports/logger'
import { defaultRedactor, type Redactor } from './redact'
import type { LogSink } from './sinks'

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** LOG-5: within this window the 1st, 10th, 20th… identical error is written. */
export const DEDUP_WINDOW_MS = 60_000
export const DEDUP_EVERY = 10
/**
 * H12-6: at most this many lines of one repeated warning per window (#1, #10, #20, …); the rest only
 * count towards the summary line. 500k refused upgrades in 42 s once wrote 12 MB at every 10th.
 */
export const DEDUP_MAX_PER_WINDOW = 5
/** LOG-5: how often suppressed counts are summarised. */
export const DEDUP_SUMMARY_MS = 300_000

export interface JsonLoggerOptions {
  readonly sinks: readonly LogSink[]
  /** App version written on every line. */
  readonly version: string
  /** Root logger name; children are `<root>.<child>`. */
  readonly name?: string
  /** Level for modules without their own; default 'info'. */
  readonly defaultLevel?: LogLevel
  /** Initial per-module levels, keyed by logger name prefix (e.g. `{ 'tiltguard.gateway': 'debug' }`). */
  readonly levels?: Readonly<Record<string, LogLevel>>
  /** Timestamps and dedup windows; default the system clock. */
  readonly clock?: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>
  readonly redactor?: Redactor
  readonly pid?: number
}

interface DedupEntry {
  windowStart: number
  count: number
  suppressed: number
  logger: string
  message: string
}

/** State shared by a root logger and all its children. */
class LoggerCore {
  readonly levels = new Map<string, LogLevel>()
  readonly defaultLevel: LogLevel
  readonly dedup = new Map<string, DedupEntry>()
  summaryTimer: TimerHandle | null = null
  readonly clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>
  readonly redactor: Redactor
  readonly pid: number

  constructor(readonly options: JsonLoggerOptions) {
    this.defaultLevel = options.defaultLevel ?? 'info'
    for (const [name, level] of Object.entries(options.levels ?? {})) this.levels.set(name, level)
    this.clock = options.clock ?? {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    }
    this.redactor = options.redactor ?? defaultRedactor
    this.pid = options.pid ?? process.pid
  }

  /** The level of the most specific configured prefix of `name`. */
  levelFor(name: string): LogLevel {
    let best: LogLevel = this.defaultLevel
    let bestLength = -1
    for (const [prefix, level] of this.levels) {
      if ((name === prefix || name.startsWith(`${prefix}.`)) && prefix.length > bestLength) {
        best = level
        bestLength = prefix.length
      }
    }
    return best
  }

  emit(record: Record<string, unknown>): void {
    let line: string
    try {
      line = JSON.stringify(this.redactor.redact(record))
    } catch {
      line = JSON.stringify({ timestamp: record.timestamp, level: record.level, logger: record.logger, message: '[unserializable log line]' })
    }
    for (const sink of this.options.sinks) {
      try {
        sink.write(line)
      } catch {
        // A full disk must not take the risk engine down with it; the other sinks still get the line.
      }
    }
  }
}

/** Logger port implementation writing JSON lines. */
export class JsonLogger implements Logger {
  private readonly core: LoggerCore

  constructor(options: JsonLoggerOptions)
  /** @internal children share the parent's core. */
  constructor(options: JsonLoggerOptions, core: LoggerCore, name: string)
  constructor(
    options: JsonLoggerOptions,
    core?: LoggerCore,
    private readonly name: string = options.name ?? 'tiltguard',
  ) {
    this.core = core ?? new LoggerCore(options)
  }

  debug(message: string, context?: Record<string, unknown>): void {
    this.log('debug', message, context)
  }
  info(message: string, context?: Record<string, unknown>): void {
    this.log('info', message, context)
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.log('warn', message, context)
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.log('error', message, context)
  }

  child(name: string): JsonLogger {
    return new JsonLogger(this.core.options, this.core, `${this.name}.${name}`)
  }

  /** Changes the level of a module and its children at runtime (LOG-6); `null` reverts to the default. */
  setLevel(moduleName: string, level: LogLevel | null): void {
    if (level === null) this.core.levels.delete(moduleName)
    else this.core.levels.set(moduleName, level)
  }

  /** Current effective level of a module. */
  levelOf(moduleName: string = this.name): LogLevel {
    return this.core.levelFor(moduleName)
  }

  /** Stops the summary timer, writes pending summaries and closes the sinks. */
  close(): void {
    this.flushSummary()
    for (const sink of this.core.options.sinks) sink.close?.()
  }

  private log(level: LogLevel, message: string, context?: Record<string, unknown>): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.core.levelFor(this.name)]) return
    const now = this.core.clock.now()
    const { correlationId, error, rest } = splitContext(context)
    let repeated: number | undefined
    if (level === 'error' || level === 'warn') {
      const verdict = this.dedup(level, message, error, now)
      if (verdict === 'suppress') return
      repeated = verdict
    }
    const record: Record<string, unknown> = {
      timestamp: new Date(now).toISOString(),
      level,
      logger: this.name,
      message,
      correlationId: correlationId ?? null,
    }
    if (rest) record.context = rest
    if (error !== undefined) record.error = describeError(error)
    if (repeated !== undefined && repeated > 1) record.repeated = repeated
    record.version = this.core.options.version
    record.pid = this.core.pid
    this.core.emit(record)
  }

  /** 'suppress', or the count of this identical line in the current window. */
  private dedup(level: LogLevel, message: string, error: unknown, now: number): number | 'suppress' {
    const errorKey = error instanceof Error ? `${error.name}:${error.message}` : error === undefined ? '' : String(error)
    const key = `${level}|${this.name}|${message}|${errorKey}`
    let entry = this.core.dedup.get(key)
    if (!entry || now - entry.windowStart >= DEDUP_WINDOW_MS) {
      const carried = entry?.suppressed ?? 0
      entry = { windowStart: now, count: 0, suppressed: carried, logger: this.name, message }
      this.core.dedup.set(key, entry)
    }
    entry.count += 1
    const written = entry.count === 1 ? 1 : 1 + Math.floor(entry.count / DEDUP_EVERY)
    if ((entry.count === 1 || entry.count % DEDUP_EVERY === 0) && written <= DEDUP_MAX_PER_WINDOW) return entry.count
    entry.suppressed += 1
    this.armSummary()
    return 'suppress'
  }

  private armSummary(): void {
    if (this.core.summaryTimer !== null) return
    this.core.summaryTimer = this.core.clock.setTimeout(() => {
      this.core.summaryTimer = null
      this.flushSummary()
    }, DEDUP_SUMMARY_MS)
  }

  private flushSummary(): void {
    if (this.core.summaryTimer !== null) {
      this.core.clock.clearTimeout(this.core.summaryTimer)
      this.core.summaryTimer = null
    }
    const now = this.core.clock.now()
    for (const [key, entry] of this.core.dedup) {
      if (entry.suppressed > 0) {
        this.core.emit({
          timestamp: new Date(now).toISOString(),
          level: 'warn',
          logger: entry.logger,
          message: 'repeated log lines suppressed',
          correlationId: null,
          context: { suppressedMessage: entry.message, suppressed: entry.suppressed },
          version: this.core.options.version,
          pid: this.core.pid,
        })
        entry.suppressed = 0
      }
      // Forget idle keys so the map cannot grow without bound.
      if (now - entry.windowStart >= DEDUP_WINDOW_MS) this.core.dedup.delete(key)
    }
  }
}

function splitContext(context: Record<string, unknown> | undefined): {
  correlationId: string | undefined
  error: unknown
  rest: Record<string, unknown> | undefined
} {
  if (!context) return { correlationId: undefined, error: undefined, rest: undefined }
  const { correlationId, error, err, ...rest } = context
  return {
    correlationId: typeof correlationId === 'string' ? correlationId : undefined,
    error: error ?? err,
    rest: Object.keys(rest).length > 0 ? rest : undefined,
  }
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const out: Record<string, unknown> = { name: error.name, message: error.message }
    const code = (error as { code?: unknown }).code
    if (code !== undefined) out.code = code
    if (error.stack) out.stack = error.stack
    if (error.cause !== undefined) out.cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : error.cause
    return out
  }
  return { name: 'NonError', message: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) }
}

/** Convenience: a correlation id `req_<epochMs>_<8 base36>` for one logical operation. */
export function newCorrelationId(now: number = Date.now(), random: () => number = Math.random): string {
  let suffix = ''
  for (let i = 0; i < 8; i++) suffix += Math.floor(random() * 36).toString(36)
  return `req_${now}_${suffix}`
}
