// Logging as a port. Every sink behind it redacts secrets (resilience.md LOG-1/LOG-2); callers pass
// structured context and never pre-format secrets into the message.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void
  info(message: string, context?: Record<string, unknown>): void
  warn(message: string, context?: Record<string, unknown>): void
  error(message: string, context?: Record<string, unknown>): void
  /** A logger for a sub-module; its name appears as `logger` on each line. */
  child(name: string): Logger
}
