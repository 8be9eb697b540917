// Replay of a day recorded by a real GatewaySession on the simulator: the same journal replayed under
// different rules lists different breaches (issue 10 item 10: "what if my daily loss limit had been $300?").
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionWithParts } from '../../../test/support/session/session-with-parts'
import { systemClock } from '../ports/clock'
import type { Notifier } from '../ports/notifier'
import { MemorySecretStore } from '../secrets/memory-secret-store'
import { openStore } from '../store'
import { DEFAULT_TRADING_DAY, tradingDayAt } from '../risk/trading-day'
import { CONTRACT_SPECS_META_KEY } from '../enforcement/feed/contract-catalog'
import { startSimulator } from '../../sim'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { waitFor } from '../../../test/integration/wait-for'
import { runReplay, type ReplayRun } from './run-replay'
import type { ReplayOptions } from './replay-args'
import type { ReplayBreach, ReplayPlan } from './journal-replay'

const MES = 'CON.F.US.MES.Z26'
const quiet: Notifier = { notify: () => undefined }

let dir = ''
let accountId = 0
let day = ''
let journalBytes = ''

/**
 * Records a losing day with no rules in force: two MES round trips losing about $250 and $100, then a
 * third position opened afterwards (which a $300 limit would have flattened) and closed flat.
 */
async function recordDay(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'tiltguard-replay-'))
  const sim = await startSimulator({ quiet: true, quoteIntervalMs: 50, seed: 5 })
  const store = await openStore({ path: join(dir, 'tiltguard.db'), logger: new MemoryLogger() })
  const secrets = new MemorySecretStore()
  await secrets.set('userName', sim.userName)
  await secrets.set('apiKey', sim.apiKey)
  const { session, parts } = sessionWithParts({
    mode: 'simulator',
    endpoints: { restUrl: sim.restUrl, userHubUrl: sim.userHubUrl, marketHubUrl: sim.marketHubUrl },
    secrets,
    store,
    clock: systemClock,
    logger: new MemoryLogger(),
    notifier: quiet,
    onHealth: () => undefined,
  })
  try {
    await session.start({})
    await waitFor(() => parts.reconciler.status().freshness === 'FRESH' && parts.userHub.health().state === 'CONNECTED', 15_000)
    const account = sim.control.accounts()[0]
    if (!account) throw new Error('no simulator account')
    accountId = account.id
    sim.control.freezeMarket({ frozen: true })
    const base = Math.round(sim.control.quote({ contractId: MES })?.bid ?? 6000)
    const fills = (n: number) => () => (parts.mirror.fills(accountId).length >= n ? true : null)
    const roundTrip = async (exitBelow: number, done: number) => {
      sim.control.setQuote({ contractId: MES, bid: base, ask: base + 0.25 })
      sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
      await waitFor(fills(done - 1), 5_000)
      sim.control.setQuote({ contractId: MES, bid: base - exitBelow, ask: base - exitBelow + 0.25 })
      sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 1, size: 1 })
      await waitFor(fills(done), 5_000)
    }
    await roundTrip(50, 2) // ≈ −$251 + fees
    await roundTrip(20, 4) // ≈ −$101 + fees: the day is now past −$300
    await roundTrip(0, 6) // a new position after the loss; closed at the bid
    await waitFor(() => (parts.mirror.openPositions(accountId).length === 0 ? true : null), 5_000)
    await waitFor(() => (store.meta.get(CONTRACT_SPECS_META_KEY) !== null ? true : null), 5_000)
  } finally {
    await session.stop()
    store.close()
    await sim.close()
  }
  day = tradingDayAt(Date.now(), DEFAULT_TRADING_DAY).key
  journalBytes = readFileSync(join(dir, 'tiltguard.db')).toString('base64')
}

function rules(name: string, yaml: string): string {
  const path = join(dir, name)
  writeFileSync(path, yaml)
  return path
}

function replay(options: Partial<ReplayOptions>): ReplayRun & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  const run = runReplay({ dataDir: dir, day, rulesFile: null, accountId: null, dbName: 'tiltguard.db', ...options }, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { ...run, out, err }
}

const breaches = (run: ReplayRun): ReplayBreach[] => (run.report?.verdicts ?? []).filter((v): v is ReplayBreach => v.kind === 'breach')
const plans = (run: ReplayRun): ReplayPlan[] => (run.report?.verdicts ?? []).filter((v): v is ReplayPlan => v.kind === 'plan')

beforeAll(recordDay, 60_000)
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('replay of a recorded day (issue 10 item 10)', () => {
  it('with a $300 daily loss limit: one breach at the second losing exit, close all and a lockout, then the new position flattened', () => {
    const run = replay({ rulesFile: rules('limit-300.yaml', 'rules:\n  daily_realized_loss: { loss_limit: 300 }\n') })
    expect(run.code).toBe(0)
    const found = breaches(run)
    expect(found.map((b) => [b.accountId, b.ruleId])).toEqual([[accountId, 'daily_realized_loss']])
    expect(found[0]?.message).toMatch(/Daily realized loss -?\$?−?.*reached the .*300/)
    const [first, ...later] = plans(run).filter((p) => p.accountId === accountId)
    expect(first?.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['set_lockout', 'close_all']))
    // While locked the third position (opened after the lockout) would have been closed (PIPE-5).
    expect(later.some((p) => p.actions.some((a) => a.action === 'close_position' && a.target === MES))).toBe(true)
    const figures = run.report?.accounts.find((a) => a.accountId === accountId)
    expect(figures?.fills).toBe(6)
    expect(figures?.realizedGross).toBeCloseTo(-(50.25 + 20.25 + 0.25) * 5, 2)
    expect(figures?.fees).toBeGreaterThan(0)
    expect(figures?.realizedNet).toBeCloseTo((figures?.realizedGross ?? 0) - (figures?.fees ?? 0), 2)
    expect(figures?.netAtClose).toBeCloseTo(figures?.realizedNet ?? 0, 2)
    expect(figures?.dayLowWater).toBeLessThanOrEqual(figures?.netAtClose ?? 0)
    expect(figures?.maxDrawdown).toBeCloseTo(-(figures?.dayLowWater ?? 0), 2)
    expect(figures?.openPositions).toBe(0)
    expect(run.out.join('\n')).toMatch(/BREACH daily_realized_loss/)
    expect(run.out.join('\n')).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} C[SD]T/)
  })

  it('with no limit the same day lists nothing; with a $1000 limit nothing either; the P&L figures are the same', () => {
    const none = replay({ rulesFile: rules('none.yaml', 'rules: {}\n') })
    const loose = replay({ rulesFile: rules('limit-1000.yaml', 'rules:\n  daily_realized_loss: { loss_limit: 1000 }\n') })
    const tight = replay({ rulesFile: rules('limit-300.yaml', 'rules:\n  daily_realized_loss: { loss_limit: 300 }\n') })
    for (const run of [none, loose]) {
      expect(run.code).toBe(0)
      expect(run.report?.verdicts).toEqual([])
      expect(run.out.join('\n')).toContain('none: no rule breached')
    }
    expect(none.report?.accounts).toEqual(tight.report?.accounts)
  })

  it('a limit the first loss already crosses breaches one trade earlier', () => {
    const tight = replay({ rulesFile: rules('limit-200.yaml', 'rules:\n  daily_realized_loss: { loss_limit: 200 }\n') })
    const at300 = replay({ rulesFile: rules('limit-300.yaml', 'rules:\n  daily_realized_loss: { loss_limit: 300 }\n') })
    expect(breaches(tight)).toHaveLength(1)
    expect(breaches(tight)[0]?.at).toBeLessThan(breaches(at300)[0]?.at ?? 0)
  })

  it('without --rules and with no saved version it says "no rules" and exits 2; --account of another account finds nothing', () => {
    const run = replay({})
    expect(run.code).toBe(2)
    expect(run.err.join('\n')).toMatch(/no rules/)
    const other = replay({ rulesFile: rules('limit-300.yaml', 'rules:\n  daily_realized_loss: { loss_limit: 300 }\n'), accountId: accountId + 999_999 })
    expect(other.report?.verdicts).toEqual([])
    expect(other.report?.eventsFolded).toBe(0)
  })

  it('without --rules it replays with the newest version saved in the store', async () => {
    const copy = join(dir, 'saved')
    mkdirSync(copy)
    copyFileSync(join(dir, 'tiltguard.db'), join(copy, 'tiltguard.db'))
    const store = await openStore({ path: join(copy, 'tiltguard.db'), logger: new MemoryLogger() })
    store.rulesConfig.save('rules:\n  daily_realized_loss: { loss_limit: 1000 }\n', 'trader', Date.now())
    store.rulesConfig.save('rules:\n  daily_realized_loss: { loss_limit: 300 }\n', 'trader', Date.now())
    store.close()
    const run = replay({ dataDir: copy })
    expect(run.code).toBe(0)
    expect(run.out.join('\n')).toMatch(/Rules: +saved version #2 of .* \(by trader\)/)
    expect(breaches(run).map((b) => b.ruleId)).toEqual(['daily_realized_loss'])
  })

  it('never writes to the recorded store', () => {
    replay({ rulesFile: rules('limit-300.yaml', 'rules:\n  daily_realized_loss: { loss_limit: 300 }\n') })
    expect(readFileSync(join(dir, 'tiltguard.db')).toString('base64')).toBe(journalBytes)
  })
})
