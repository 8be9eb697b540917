// Helpers of the enforcement integration tests: a standalone simulator that outlives engine restarts, the
// engine pointed at it as a live gateway with a rules file, and polling helpers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { createEngine, type Engine } from '../../src/main/app/create-engine'
import { MemorySecretStore } from '../../src/main/secrets/memory-secret-store'
import { startSimulator, type SimControl, type SimulatorHandle } from '../../src/sim'
import { MemoryLogger } from '../fakes/memory-logger'
import { waitFor } from './wait-for'

export const MNQ = 'CON.F.US.MNQ.Z26'
export const RTY = 'CON.F.US.RTY.Z26'
export const MES = 'CON.F.US.MES.Z26'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tiltguard-enforce-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export function rulesFile(dir: string, yaml: string): string {
  const path = join(dir, 'rules.yaml')
  writeFileSync(path, yaml)
  return path
}

/** A standalone simulator (it outlives engine restarts) and the engine pointed at it as a live gateway. */
export async function standaloneSim(): Promise<SimulatorHandle> {
  const sim = await startSimulator({ quiet: true, quoteIntervalMs: 50, seed: 11 })
  cleanups.push(() => sim.close())
  return sim
}

export async function engineOn(sim: SimulatorHandle, dataDir: string, rules: string): Promise<Engine> {
  const engine = createEngine(
    {
      dataDir,
      host: 'headless',
      rulesFile: rules,
      gateway: { restUrl: sim.restUrl, userHubUrl: sim.userHubUrl, marketHubUrl: sim.marketHubUrl },
      credentials: { userName: sim.userName, apiKey: sim.apiKey },
    },
    { logger: new MemoryLogger(), secretStore: new MemorySecretStore(), adminPasswordCost: 2 ** 10 },
  )
  let stopped = false
  cleanups.push(async () => {
    if (!stopped) await engine.stop()
  })
  await engine.start()
  const stop = engine.stop.bind(engine)
  engine.stop = async () => {
    stopped = true
    await stop()
  }
  await waitFor(async () => ((await engine.handlers.getSnapshot({})).health.freshness === 'FRESH' ? true : null), 15_000)
  return engine
}

export async function firstAccount(engine: Engine): Promise<number> {
  const snapshot = await engine.handlers.getSnapshot({})
  const id = snapshot.portfolio.accounts[0]?.id
  if (id === undefined) throw new Error('no account')
  return id
}

export const flat = (sim: SimControl, accountId: number) => () => (sim.positions({ accountId }).length === 0 ? true : null)

export async function enforcementRows(engine: Engine, accountId: number, ruleId: string) {
  return (await engine.handlers.listAudit({ limit: 200, accountId, ruleId })).filter((row) => row.category === 'enforcement' && row.latencyMs !== null)
}

