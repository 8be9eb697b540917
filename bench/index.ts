// `npm run bench`: runs every timing benchmark in sequence and prints plain tables; exit 1 only if one could not run.
// Optional arguments filter by id or module name, e.g. `npm run bench -- fill6 health`.

import { execFileSync } from 'node:child_process'
import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import { run as enf1 } from './enf1-latency'
import { run as enf2 } from './enf2-quotes'
import { run as enf3 } from './enf3-lockout-write'
import { run as err6 } from './err6-classify'
import { run as fill6 } from './fill6-latency'
import { run as health4 } from './health4-indicator'
import { run as rate1 } from './rate1-limiter'
import { run as recon3 } from './recon3-reconcile'
import { run as rest } from './rest-overhead'
import type { Benchmark, Table } from './support'
import { run as tok15 } from './tok15-refresh'
import { run as ui12 } from './ui12-frames'

interface Entry {
  readonly id: string
  readonly module: string
  readonly run: Benchmark
  /** Hard cap so the whole suite stays within a few minutes even when something hangs. */
  readonly timeoutMs: number
}

const BENCHMARKS: readonly Entry[] = [
  { id: 'ERR-6', module: 'err6-classify', run: err6, timeoutMs: 30_000 },
  { id: 'TOK-15', module: 'tok15-refresh', run: tok15, timeoutMs: 60_000 },
  { id: 'REST', module: 'rest-overhead', run: rest, timeoutMs: 60_000 },
  { id: 'RECON-3', module: 'recon3-reconcile', run: recon3, timeoutMs: 60_000 },
  { id: 'FILL-6', module: 'fill6-latency', run: fill6, timeoutMs: 120_000 },
  { id: 'HEALTH-4', module: 'health4-indicator', run: health4, timeoutMs: 90_000 },
  { id: 'RATE-1/T4', module: 'rate1-limiter', run: rate1, timeoutMs: 90_000 },
  { id: 'ENF-1', module: 'enf1-latency', run: enf1, timeoutMs: 180_000 },
  { id: 'ENF-2', module: 'enf2-quotes', run: enf2, timeoutMs: 120_000 },
  { id: 'ENF-3', module: 'enf3-lockout-write', run: enf3, timeoutMs: 60_000 },
  { id: 'UI-12', module: 'ui12-frames', run: ui12, timeoutMs: 90_000 },
]

function header(): string {
  const cpu = cpus()
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    // not a git checkout; the header just says so
  }
  return [
    'Tiltguard benchmarks',
    `node ${process.version} | ${platform()} ${release()} | ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown cpu'}`,
    `memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB | load ${loadavg().map((l) => l.toFixed(2)).join(' ')} | commit ${commit} | ${new Date().toISOString()}`,
  ].join('\n')
}

/** A plain fixed-width table; the goal column is whatever the benchmark calls it. */
export function renderTable(table: Table, elapsedMs: number): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd()
  const out = [`== ${table.id}: ${table.title} (${(elapsedMs / 1000).toFixed(1)} s)`, line(table.columns), line(widths.map((w) => '-'.repeat(w)))]
  for (const row of table.rows) out.push(line(row))
  for (const note of table.notes ?? []) out.push(`  ${note}`)
  return out.join('\n')
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

async function main(): Promise<number> {
  // `--name value` options are read by the benchmarks themselves (e.g. `--breaches 300` for ENF-1).
  const args = process.argv.slice(2)
  const filters = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1]?.startsWith('--') ?? false)).map((a) => a.toLowerCase())
  const selected = BENCHMARKS.filter(
    (b) => filters.length === 0 || filters.some((f) => b.id.toLowerCase().includes(f) || b.module.includes(f)),
  )
  console.log(header())
  const missed: string[] = []
  const failed: string[] = []
  const started = Date.now()
  for (const bench of selected) {
    console.log('')
    const t0 = Date.now()
    try {
      const table = await withTimeout(bench.run(), bench.timeoutMs, bench.id)
      console.log(renderTable(table, Date.now() - t0))
      for (const row of table.rows) if (row.includes('MISSED')) missed.push(`${table.id}: ${row[0] ?? ''}`)
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      console.log(`== ${bench.id}: COULD NOT RUN (${((Date.now() - t0) / 1000).toFixed(1)} s)\n  ${message.split('\n').join('\n  ')}`)
      failed.push(bench.id)
    }
  }
  console.log('')
  console.log(`== Summary (${((Date.now() - started) / 1000).toFixed(1)} s, ${selected.length} benchmarks)`)
  console.log(missed.length === 0 ? 'goals: all met' : `goals MISSED (${missed.length}):\n${missed.map((m) => `  MISSED  ${m}`).join('\n')}`)
  if (failed.length > 0) console.log(`could not run: ${failed.join(', ')}`)
  return failed.length > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
