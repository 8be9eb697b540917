// One integration test per remaining rule (issue 10, done-when): a web-app action that breaches it ends with
// the account in the state the rule requires, and one enforcement row per breach.
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/app/create-engine'
import type { SimulatorHandle } from '../../src/sim'
import { MES, MNQ, engineOn, enforcementRows, firstAccount, flat, rulesFile, standaloneSim, tempDir } from './enforcement-kit'
import { waitFor } from './wait-for'

async function withRules(yaml: string): Promise<{ sim: SimulatorHandle; engine: Engine; accountId: number }> {
  const sim = await standaloneSim()
  const dir = tempDir()
  const engine = await engineOn(sim, dir, rulesFile(dir, yaml))
  return { sim, engine, accountId: await firstAccount(engine) }
}

async function lockoutOf(engine: Engine, accountId: number, ruleId: string) {
  return waitFor(async () => {
    const account = (await engine.handlers.getRisk({})).accounts.find((a) => a.accountId === accountId)
    return account?.lockouts.find((l) => l.ruleId === ruleId) ?? null
  }, 5_000)
}

/** The enforcement rows of a rule once the executor has verified and recorded its action. */
async function rowsOf(engine: Engine, accountId: number, ruleId: string) {
  return waitFor(async () => {
    const rows = await enforcementRows(engine, accountId, ruleId)
    return rows.length > 0 ? rows : null
  }, 5_000)
}

/** A resting buy limit well below the market: on the grid and inside the simulator's price band. */
function restingBuy(sim: SimulatorHandle, accountId: number): number {
  const bid = sim.control.quote({ contractId: MES })?.bid ?? 6000
  const placed = sim.control.placeOrder({ accountId, contractId: MES, type: 1, side: 0, size: 1, limitPrice: Math.round((bid - 5) * 4) / 4 })
  return placed.orderId as number
}

const cancelled = (sim: SimulatorHandle, accountId: number, orderId: number) => () =>
  sim.control.orders({ accountId, openOnly: true }).every((o) => o.id !== orderId) ? true : null

/** Moves MES by `points` from its current last price and lets the engine see it. */
function moveMes(sim: SimulatorHandle, points: number): void {
  const q = sim.control.quote({ contractId: MES })
  const last = (q?.last ?? 6000) + points
  sim.control.setQuote({ contractId: MES, bid: last - 0.25, ask: last, last })
}

describe('one test per rule on the engine (issue 10)', () => {
  it('R2 max_contracts_per_instrument: 3 MNQ over a per-symbol limit of 2 are reduced to 2', async () => {
    const { sim, engine, accountId } = await withRules('rules:\n  max_contracts_per_instrument: { limits: { MNQ: 2 }, enforcement: reduce_to_limit, unknown_symbol_action: allow_unlimited }\n')
    sim.control.placeOrder({ accountId, contractId: MNQ, type: 2, side: 0, size: 3 })
    await waitFor(() => (sim.control.positions({ accountId }).find((p) => p.contractId === MNQ)?.size === 2 ? true : null), 5_000)
    expect(await rowsOf(engine, accountId, 'max_contracts_per_instrument')).toHaveLength(1)
  })

  it('R4 daily_unrealized_loss: a floating loss past the limit closes the position', async () => {
    const { sim, engine, accountId } = await withRules('rules:\n  daily_unrealized_loss: { loss_limit: 20, scope: per_position, action: CLOSE_POSITION }\n')
    sim.control.freezeMarket({ frozen: true })
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    await waitFor(async () => ((await engine.handlers.getSnapshot({})).portfolio.positions.length > 0 ? true : null))
    moveMes(sim, -10) // MES: $5 a point, so −$50 against a $20 limit
    await waitFor(flat(sim.control, accountId), 5_000)
    expect(await rowsOf(engine, accountId, 'daily_unrealized_loss')).toHaveLength(1)
  })

  it('R5 max_unrealized_profit: a profit at the target closes the position', async () => {
    const { sim, engine, accountId } = await withRules('rules:\n  max_unrealized_profit: { mode: profit_target, profit_target: 20, scope: per_position, action: CLOSE_POSITION }\n')
    sim.control.freezeMarket({ frozen: true })
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    await waitFor(async () => ((await engine.handlers.getSnapshot({})).portfolio.positions.length > 0 ? true : null))
    moveMes(sim, 10)
    await waitFor(flat(sim.control, accountId), 5_000)
    expect(await rowsOf(engine, accountId, 'max_unrealized_profit')).toHaveLength(1)
  })

  it('R7 cooldown_after_loss: a losing trade starts a timed lockout; an order during it is cancelled', async () => {
    const { sim, engine, accountId } = await withRules('rules:\n  cooldown_after_loss: { loss_thresholds: [{ loss_amount: -1, cooldown_duration: 600 }] }\n')
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 2 })
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 1, size: 2 })
    const lockout = await lockoutOf(engine, accountId, 'cooldown_after_loss')
    expect(lockout.expiry).toBe('until')
    expect((lockout.endsAt ?? 0) - Date.now()).toBeGreaterThan(590_000)
    const orderId = restingBuy(sim, accountId)
    await waitFor(cancelled(sim, accountId, orderId), 5_000)
  })

  it('R8 no_stop_loss_grace: a position without a stop is closed when the grace period ends', async () => {
    const { sim, engine, accountId } = await withRules('rules:\n  no_stop_loss_grace: { grace_period_seconds: 1 }\n')
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    await waitFor(async () => ((await engine.handlers.getSnapshot({})).portfolio.positions.length > 0 ? true : null))
    // The wake timer armed from the core's nextWakeAt closes it, with no further event.
    await waitFor(flat(sim.control, accountId), 5_000)
    expect(await rowsOf(engine, accountId, 'no_stop_loss_grace')).toHaveLength(1)
  })

  it('R9 session_block_outside: outside the configured session a new position is closed and the account locked', async () => {
    // A session that is never now: an hour starting two hours from now in Chicago.
    const hour = (Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', hour: 'numeric', hourCycle: 'h23' }).format(Date.now())) + 2) % 24
    const hhmm = (h: number) => `"${String(h % 24).padStart(2, '0')}:00"`
    const yaml = `rules:\n  session_block_outside:\n    global_session: { enabled: true, start: ${hhmm(hour)}, end: ${hhmm(hour + 1)}, timezone: America/Chicago, days: [1, 2, 3, 4, 5, 6, 7] }\n    respect_holidays: false\n`
    const { sim, engine, accountId } = await withRules(yaml)
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    await waitFor(flat(sim.control, accountId), 5_000)
    await lockoutOf(engine, accountId, 'session_block_outside')
  })

  it('R10 auth_loss_guard: canTrade false on the platform locks the account; restored, it unlocks', async () => {
    const { sim, engine, accountId } = await withRules('rules:\n  auth_loss_guard: { auto_unlock_on_restore: true }\n')
    sim.control.setCanTrade({ accountId, canTrade: false })
    await lockoutOf(engine, accountId, 'auth_loss_guard')
    sim.control.setCanTrade({ accountId, canTrade: true })
    await waitFor(async () => ((await engine.handlers.getRisk({})).accounts.find((a) => a.accountId === accountId)?.status === 'ACTIVE' ? true : null), 5_000)
  })

  it('R12 trade_management auto_stop_loss: a new position gets a protective stop from Tiltguard, 10 ticks away', async () => {
    const { sim, accountId } = await withRules('rules:\n  trade_management:\n    enabled: true\n    auto_breakeven: { enabled: false }\n    trailing_stop: { enabled: false }\n    auto_stop_loss: { enabled: true, stop_loss_ticks: 10 }\n')
    sim.control.freezeMarket({ frozen: true })
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    const stop = await waitFor(() => sim.control.orders({ accountId, openOnly: true }).find((o) => o.type === 4 && o.side === 1) ?? null, 5_000)
    const average = sim.control.positions({ accountId })[0]?.averagePrice ?? 0
    expect(stop.stopPrice).toBeCloseTo(average - 2.5, 6)
    expect(stop.customTag?.startsWith('TG-')).toBe(true)
    // It protects the position: no second stop on later quotes.
    moveMes(sim, 0.25)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sim.control.orders({ accountId, openOnly: true }).filter((o) => o.type === 4)).toHaveLength(1)
  })

  it('weekly_realized_loss: a loss past the weekly limit flattens and locks until the next trading week', async () => {
    const { sim, engine, accountId } = await withRules('rules:\n  weekly_realized_loss: { loss_limit: 1 }\n')
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 2 })
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 1, size: 2 })
    const lockout = await lockoutOf(engine, accountId, 'weekly_realized_loss')
    expect(lockout.endsAt).toBeGreaterThan(Date.now())
    const orderId = restingBuy(sim, accountId)
    await waitFor(cancelled(sim, accountId, orderId), 5_000)
  })
  it("D-4 Tiltguard's own close is not the trader's trade: a flatten does not count toward trade_frequency_limit", async () => {
    const yaml = 'rules:\n  max_contracts: { limit: 1, close_all: true }\n  trade_frequency_limit:\n    limits: { per_minute: 1, per_hour: 100, per_session: 100 }\n    cooldown_on_breach: { enabled: true, per_minute_breach: 600, per_hour_breach: 600, per_session_breach: 600 }\n'
    const { sim, engine, accountId } = await withRules(yaml)
    // One trader fill (2 contracts, over the limit of 1) and Tiltguard's closing fill: only the first counts.
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 2 })
    await waitFor(flat(sim.control, accountId), 5_000)
    await rowsOf(engine, accountId, 'max_contracts')
    await new Promise((resolve) => setTimeout(resolve, 300))
    const account = (await engine.handlers.getRisk({})).accounts.find((a) => a.accountId === accountId)
    expect(account?.lockouts.map((l) => l.ruleId)).not.toContain('trade_frequency_limit')
    const fills = await engine.handlers.listFills({ accountId })
    expect(fills).toHaveLength(2)
    expect(fills.filter((f) => f.placedByTiltguard)).toHaveLength(1)
  })
})
