// Playwright fixtures: `engine` spawns the built headless engine (`node out/main/engine.js`, built by
// `npm run build` beforehand) with a temporary data dir, reads the URL from its first stdout line,
// and stops it after the test.
import { test as base, expect } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { SimulatorAnnouncement } from '../../src/sim'

const ROOT = path.resolve(import.meta.dirname, '../..')
const ENGINE = path.join(ROOT, 'out/main/engine.js')

export interface RunningEngine {
  /** The printed dashboard URL, secret included. */
  readonly url: string
  /** http://127.0.0.1:port */
  readonly origin: string
  readonly secret: string
  readonly process: ChildProcess
  /** Everything the engine wrote to stderr so far (its log). */
  readonly stderr: () => string
}

/** What `npm run sim` prints first: a standalone simulator the test can drive through its control API. */
export interface StandaloneSim extends SimulatorAnnouncement {
  /** POST /_sim/<op> with `arg` as the JSON body; returns the operation's result. */
  readonly control: <T = unknown>(op: string, arg?: unknown) => Promise<T>
}

/** Spawns a process and resolves with the first stdout line (its JSON handshake), or rejects with its stderr. */
async function firstLineOf(child: ChildProcess, what: string, stderr: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing within 20 s; stderr:\n${stderr()}`)), 20_000)
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolve(line)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited (${code}) before its first line; stderr:\n${stderr()}`))
    })
  })
}

export async function startEngine(dataDir: string, gateway: Record<string, string> = {}): Promise<RunningEngine> {
  if (!existsSync(ENGINE)) throw new Error(`${ENGINE} is missing: run \`npm run build\` before the e2e tests`)
  const env: NodeJS.ProcessEnv = { ...process.env, TILTGUARD_DATA_DIR: dataDir }
  // Never a gateway or credentials from the caller's shell: the embedded simulator, or the test's own.
  for (const k of ['TILTGUARD_REST_URL', 'TILTGUARD_USER_HUB_URL', 'TILTGUARD_MARKET_HUB_URL', 'TILTGUARD_USERNAME', 'TILTGUARD_API_KEY', 'TILTGUARD_RULES']) delete env[k]
  Object.assign(env, gateway)
  const child = spawn(process.execPath, [ENGINE], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const firstLine = await firstLineOf(child, 'engine', () => stderr)
  const parsed = JSON.parse(firstLine) as { url: string }
  const url = new URL(parsed.url)
  const secret = new URLSearchParams(url.hash.slice(1)).get('secret') ?? ''
  return { url: parsed.url, origin: url.origin, secret, process: child, stderr: () => stderr }
}

export async function stopEngine(engine: RunningEngine): Promise<number | null> {
  const child = engine.process
  if (child.exitCode !== null) return child.exitCode
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  const code = await exited
  clearTimeout(timer)
  return code
}

async function startStandaloneSim(): Promise<{ sim: StandaloneSim; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', '--port', '0', '--seed', '11', '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const info = JSON.parse(await firstLineOf(child, 'simulator', () => stderr)) as SimulatorAnnouncement
  const control = async <T,>(op: string, arg?: unknown): Promise<T> => {
    const res = await fetch(`${info.controlUrl}/${op}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: arg === undefined ? '' : JSON.stringify(arg) })
    const body = (await res.json()) as { result?: T; error?: string }
    if (!res.ok) throw new Error(`sim control ${op}: ${res.status} ${body.error ?? ''}`)
    return body.result as T
  }
  return { sim: { ...info, control }, child }
}

/** The renderer over a FakeEngine with canned risk data (support/fake-dashboard.ts). */
export interface FakeDashboard {
  readonly url: string
  /** Pushes an event as the engine would (canned times are moved to now, as the data is). */
  readonly emit: (name: string, payload: unknown) => Promise<void>
}

async function startFakeDashboard(): Promise<{ dashboard: FakeDashboard; child: ChildProcess }> {
  if (!existsSync(path.join(ROOT, 'out/renderer/index.html'))) throw new Error('out/renderer is missing: run `npm run build` before the e2e tests')
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/support/fake-dashboard.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const { url } = JSON.parse(await firstLineOf(child, 'fake dashboard', () => stderr)) as { url: string }
  const lines = createInterface({ input: child.stdout! })
  const emit = (name: string, payload: unknown) =>
    new Promise<void>((resolve) => {
      lines.once('line', () => resolve())
      child.stdin!.write(`${JSON.stringify({ emit: name, payload })}\n`)
    })
  return { dashboard: { url, emit }, child }
}

/** The environment that points the engine at `sim` as a trader points it at a gateway, with a rules file. */
export function gatewayEnvOf(sim: SimulatorAnnouncement, rulesFile: string): Record<string, string> {
  return {
    TILTGUARD_REST_URL: sim.restUrl,
    TILTGUARD_USER_HUB_URL: sim.userHubUrl,
    TILTGUARD_MARKET_HUB_URL: sim.marketHubUrl,
    TILTGUARD_USERNAME: sim.userName,
    TILTGUARD_API_KEY: sim.apiKey,
    TILTGUARD_RULES: rulesFile,
  }
}

export const test = base.extend<{ engine: RunningEngine; sim: StandaloneSim; engineOnSim: RunningEngine; fakeDashboard: FakeDashboard }>({
  // eslint-disable-next-line no-empty-pattern
  fakeDashboard: async ({}, use) => {
    const { dashboard, child } = await startFakeDashboard()
    await use(dashboard)
    child.kill('SIGTERM')
  },
  // Playwright requires a destructuring pattern for the (unused) fixtures argument.
  // eslint-disable-next-line no-empty-pattern
  engine: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tiltguard-e2e-'))
    const engine = await startEngine(dataDir)
    await use(engine)
    const code = await stopEngine(engine)
    await rm(dataDir, { recursive: true, force: true })
    // SIGTERM must be a clean shutdown.
    expect(code, `engine exit code; stderr:\n${engine.stderr()}`).toBe(0)
  },
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const { sim, child } = await startStandaloneSim()
    await use(sim)
    child.kill('SIGTERM')
  },
  // The engine pointed at `sim` through the environment, as a trader would point it at a gateway.
  engineOnSim: async ({ sim }, use) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tiltguard-e2e-'))
    // A live account runs no rules until configured: this one is configured with the example rules.
    const engine = await startEngine(dataDir, gatewayEnvOf(sim, path.join(ROOT, 'resources/rules.example.yaml')))
    await use(engine)
    const code = await stopEngine(engine)
    await rm(dataDir, { recursive: true, force: true })
    expect(code, `engine exit code; stderr:\n${engine.stderr()}`).toBe(0)
  },
})

export { expect }
