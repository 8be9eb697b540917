// Shared benchmark helpers: the Table a benchmark returns, percentiles, goal verdicts, timing, quiet loggers.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from '../src/main/ports/logger'
import type { TokenSource } from '../src/main/ports/gateway'
import type { SimulatorHandle } from '../src/sim'

/** One benchmark's result: a plain table plus free-text notes. */
export interface Table {
  readonly id: string
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
  readonly notes?: readonly string[]
}

/** A benchmark module's entry point. */
export type Benchmark = () => Promise<Table>

/** Verdict cell: OK, MISSED or n/a (informational rows). */
export type Verdict = 'OK' | 'MISSED' | 'n/a'

export const verdict = (ok: boolean): Verdict => (ok ? 'OK' : 'MISSED')

/** Nearest-rank percentile of unsorted samples (p in 0..100); NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

export interface Summary {
  readonly n: number
  readonly p50: number
  readonly p95: number
  readonly max: number
  readonly mean: number
}

export function summarize(samples: readonly number[]): Summary {
  const n = samples.length
  const mean = n === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / n
  const max = samples.reduce((a, b) => (b > a ? b : a), Number.NEGATIVE_INFINITY)
  return { n, p50: percentile(samples, 50), p95: percentile(samples, 95), max: n === 0 ? Number.NaN : max, mean }
}

/** Fixed decimals; '-' for NaN. */
export function fmt(value: number, decimals = 1): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : '-'
}

/** Monotonic milliseconds with sub-ms resolution. */
export const nowMs = (): number => performance.now()

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until `probe` returns a value other than null/false, or throws after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | null | false, timeoutMs: number, what: string, everyMs = 2): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

/** Largest number of timestamps inside any sliding window of `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

/** Discards everything; benchmarks must not pay for an in-memory log that grows without bound. */
export class NullLogger implements Logger {
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
  child(): Logger {
    return this
  }
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix: string): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `tiltguard-bench-${prefix}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** The simulator's credential pair exchanged for a token; refresh = a fresh loginKey (no TokenManager). */
export class SimLoginTokens implements TokenSource {
  private token: string | null = null
  constructor(private readonly sim: SimulatorHandle) {}

  async login(): Promise<string> {
    const response = await fetch(`${this.sim.restUrl}/api/Auth/loginKey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: this.sim.userName, apiKey: this.sim.apiKey }),
    })
    const body = (await response.json()) as { token?: string }
    if (typeof body.token !== 'string') throw new Error('simulator login failed')
    this.token = body.token
    return body.token
  }
  current(): string | null {
    return this.token
  }
  refresh(): Promise<string> {
    return this.login()
  }
  onTokenSwapped(): () => void {
    return () => undefined
  }
}

/** The contract the benchmarks trade on the simulator. */
export const MNQ = 'CON.F.US.MNQ.Z26'
