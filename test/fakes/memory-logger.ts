// A Logger that keeps lines in memory so tests can assert on them (and scan them for secrets).
import type { LogLevel, Logger } from '../../src/main/ports/logger'

export interface LoggedLine {
  level: LogLevel
  logger: string
  message: string
  context: Record<string, unknown> | undefined
}

export class MemoryLogger implements Logger {
  constructor(
    readonly lines: LoggedLine[] = [],
    private readonly name = 'test',
  ) {}

  debug(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'debug', logger: this.name, message, context })
  }
  info(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', logger: this.name, message, context })
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', logger: this.name, message, context })
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', logger: this.name, message, context })
  }
  child(name: string): Logger {
    return new MemoryLogger(this.lines, `${this.name}.${name}`)
  }
  /** Everything logged, as one string, for secret scans. */
  dump(): string {
    return this.lines.map((l) => `${l.level} ${l.logger} ${l.message} ${JSON.stringify(l.context ?? {})}`).join('\n')
  }
}
