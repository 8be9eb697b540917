// Where formatted log lines go: a size-rotated private file (LOG-4), stderr, or memory for tests.
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Receives one already-redacted JSON line (no trailing newline). */
export interface LogSink {
  write(line: string): void
  close?(): void
}

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
export const DEFAULT_MAX_AGE_DAYS = 30
/** H12-6: the live file plus rotated ones never exceed this, whatever their age. */
export const DEFAULT_MAX_TOTAL_BYTES = 100 * 1024 * 1024

export interface RotatingFileSinkOptions {
  /** The app logs dir (Electron `app.getPath('logs')`); created 0700 if missing. */
  readonly dir: string
  /** File stem: the live file is `<stem>.log`, rotated ones `<stem>-<epochMs>.log`. */
  readonly baseName?: string
  readonly maxBytes?: number
  readonly maxAgeDays?: number
  /** Cap on the live plus rotated files of this stem; oldest rotated files go first. */
  readonly maxTotalBytes?: number
  /** Epoch ms; names rotated files and ages them, so tests control it. */
  readonly now?: () => number
}

/**
 * Appends lines to `<dir>/<stem>.log` (mode 0600) with synchronous writes, so the last lines before a
 * crash are on disk. Past maxBytes the file is renamed and a new one started; rotated files older
 * than maxAgeDays are deleted at start and at every rotation.
 */
export class RotatingFileSink implements LogSink {
  readonly path: string
  private readonly stem: string
  private readonly maxBytes: number
  private readonly maxAgeMs: number
  private readonly maxTotalBytes: number
  private readonly now: () => number
  private fd: number | null = null
  private size = 0

  constructor(private readonly options: RotatingFileSinkOptions) {
    this.stem = options.baseName ?? 'tiltguard'
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES
    this.maxAgeMs = (options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS) * 24 * 60 * 60 * 1000
    this.maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES
    this.now = options.now ?? Date.now
    this.path = join(options.dir, `${this.stem}.log`)
    if (!existsSync(options.dir)) mkdirSync(options.dir, { recursive: true, mode: 0o700 })
    this.open()
    this.purge()
  }

  write(line: string): void {
    const bytes = Buffer.from(`${line}\n`, 'utf8')
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate()
    if (this.fd === null) this.open()
    writeSync(this.fd as number, bytes)
    this.size += bytes.length
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }

  /** Rotated files, oldest first. */
  rotatedFiles(): string[] {
    return this.rotated().map((r) => r.path)
  }

  private open(): void {
    this.fd = openSync(this.path, 'a', 0o600)
    // The mode argument only applies on creation; an older file made with a looser umask is tightened too.
    chmodSync(this.path, 0o600)
    this.size = fstatSync(this.fd).size
  }

  private rotate(): void {
    this.close()
    let target = join(this.options.dir, `${this.stem}-${this.now()}.log`)
    for (let n = 1; existsSync(target); n++) target = join(this.options.dir, `${this.stem}-${this.now()}-${n}.log`)
    renameSync(this.path, target)
    this.open()
    this.purge()
  }

  private rotated(): Array<{ path: string; at: number }> {
    const pattern = new RegExp(`^${this.stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)(?:-\\d+)?\\.log$`)
    return readdirSync(this.options.dir)
      .map((file) => ({ file, m: pattern.exec(file) }))
      .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
      .map((x) => ({ path: join(this.options.dir, x.file), at: Number(x.m[1]) }))
      .sort((a, b) => a.at - b.at)
  }

  /** Deletes rotated files past the age limit, then the oldest ones until the total fits (H12-6). */
  private purge(): void {
    const cutoff = this.now() - this.maxAgeMs
    const kept: Array<{ path: string; bytes: number }> = []
    for (const r of this.rotated()) {
      if (r.at < cutoff) rmSync(r.path, { force: true })
      else kept.push({ path: r.path, bytes: sizeOf(r.path) })
    }
    // The live file may still grow to maxBytes before the next purge: keep room for it.
    const budget = this.maxTotalBytes - Math.max(this.size, this.maxBytes)
    let total = kept.reduce((sum, r) => sum + r.bytes, 0)
    for (const r of kept) {
      if (total <= budget) break
      rmSync(r.path, { force: true })
      total -= r.bytes
    }
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0 // deleted meanwhile
  }
}

/** Writes lines to stderr (development, headless engine). */
export class StderrSink implements LogSink {
  write(line: string): void {
    process.stderr.write(`${line}\n`)
  }
}

/** Keeps lines in memory; tests parse and scan them. */
export class MemorySink implements LogSink {
  readonly lines: string[] = []
  write(line: string): void {
    this.lines.push(line)
  }
  /** Parsed records. */
  records(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  }
}
