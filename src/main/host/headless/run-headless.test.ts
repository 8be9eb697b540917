// The headless entry's lifecycle: first stdout line is the URL, signals stop host and engine.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runHeadless, type RunHeadlessDeps } from './run-headless'
import { FakeEngine } from '../../../../test/fakes/fake-engine'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import type { HeadlessEngineConfig } from './cli-options'

let dir: string | undefined
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

async function harness(argv: string[], env: NodeJS.ProcessEnv = {}) {
  dir = await mkdtemp(path.join(tmpdir(), 'tiltguard-run-'))
  await writeFile(path.join(dir, 'index.html'), '<!doctype html>')
  const engine = new FakeEngine()
  const out: string[] = []
  const err: string[] = []
  const exits: number[] = []
  const configs: HeadlessEngineConfig[] = []
  let signal: ((s: string) => void) | undefined
  const logger = Object.assign(new MemoryLogger(), { closed: 0, close: () => (logger.closed += 1) })
  const deps: RunHeadlessDeps = {
    createLogger: () => logger,
    createEngine: (config, given) => {
      expect(given).toBe(logger)
      configs.push(config)
      return engine
    },
    rendererDir: dir,
    argv,
    env,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    onShutdownSignal: (h) => (signal = h),
    exit: (c) => exits.push(c),
  }
  const running = await runHeadless(deps)
  return { engine, logger, out, err, exits, configs, running, signal: (s: string) => signal?.(s) }
}

describe('runHeadless', () => {
  it('starts the engine, then prints exactly one JSON line with a loopback URL', async () => {
    const h = await harness([], { TILTGUARD_DATA_DIR: '/tmp/x' })
    expect(h.engine.started).toBe(true)
    expect(h.configs[0]).toMatchObject({ dataDir: '/tmp/x', host: 'headless' })
    expect(h.out).toHaveLength(1)
    const line = h.out[0] ?? ''
    expect(line.endsWith('\n')).toBe(true)
    expect(Object.keys(JSON.parse(line) as object)).toEqual(['url'])
    expect((JSON.parse(line) as { url: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]{64}$/)
    await h.running?.stop()
  })

  it('stops host and engine on SIGTERM and exits 0', async () => {
    const h = await harness([])
    h.signal('SIGTERM')
    await h.running?.stop()
    await new Promise((r) => setImmediate(r))
    expect(h.engine.stopped).toBe(true)
    expect(h.exits).toEqual([0])
    expect(h.engine.sinks.size).toBe(0)
    expect(h.logger.closed).toBe(1)
  })

  it('prints a usage error to stderr and exits 2 without starting anything', async () => {
    const h = await harness(['--bogus'])
    expect(h.running).toBeNull()
    expect(h.exits).toEqual([2])
    expect(h.out).toEqual([])
    expect(h.configs).toEqual([])
  })
})
