// A small Logger that writes one JSON line per entry to stderr, for the hosts until the engine's own
// logger is wired in. stdout stays free: the headless host's first stdout line is its URL.

import type { LogLevel, Logger } from '../ports/logger'

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Creates a logger named `name` that drops entries below `minLevel`. */
export function createStderrLogger(name: string, minLevel: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const log = (level: LogLevel, message: string, context?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return
    write(`${JSON.stringify({ at: new Date().toISOString(), level, logger: name, message, ...(context === undefined ? {} : { context }) })}\n`)
  }
  return {
    debug: (m, c) => log('debug', m, c),
    info: (m, c) => log('info', m, c),
    warn: (m, c) => log('warn', m, c),
    error: (m, c) => log('error', m, c),
    child: (child) => createStderrLogger(`${name}.${child}`, minLevel, write),
  }
}
