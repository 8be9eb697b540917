// Rules in force on the whole engine against the simulator: an action taken as the TopstepX web app would
// (the simulator's control API) that breaches a rule ends with the account in the required state, with
// exactly one enforcement row per breach, and the lockouts survive a restart (I-33).
import { describe, expect, it } from 'vitest'
import { MES, MNQ, RTY, engineOn, enforcementRows, firstAccount, flat, rulesFile, standaloneSim, tempDir } from './enforcement-kit'
import { waitFor } from './wait-for'

describe('enforcement on the engine (issue 10)', () => {
  it('R1 max_contracts: 3 MNQ over a limit of 2 are flattened, with one enforcement row', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const engine = await engineOn(sim, dir, rulesFile(dir, 'rules:\n  max_contracts: { limit: 2, close_all: true }\n'))
    const accountId = await firstAccount(engine)
    sim.control.placeOrder({ accountId, contractId: MNQ, type: 2, side: 0, size: 3 })
    await waitFor(flat(sim.control, accountId), 5_000)
    const rows = await waitFor(async () => {
      const r = await enforcementRows(engine, accountId, 'max_contracts')
      return r.length > 0 ? r : null
    })
    expect(rows.filter((r) => r.message.includes('position') || r.message.includes('Closed'))).toHaveLength(1)
    const risk = await engine.handlers.getRisk({})
    expect(risk.rulesSource).toBe('file')
    expect(risk.accounts.find((a) => a.accountId === accountId)?.rules.find((r) => r.ruleId === 'max_contracts')?.lastFiredAt).not.toBeNull()
  })

  it('R11 symbol_blocks: a position in a blocked symbol is flattened and the symbol locked for the day', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const engine = await engineOn(sim, dir, rulesFile(dir, 'rules:\n  symbol_blocks: { blocked_symbols: [RTY], close_existing: true }\n'))
    const accountId = await firstAccount(engine)
    sim.control.placeOrder({ accountId, contractId: RTY, type: 2, side: 1, size: 1 })
    await waitFor(flat(sim.control, accountId), 5_000)
    // A second attempt is closed again: the block holds while the position keeps coming back (PIPE-5).
    sim.control.placeOrder({ accountId, contractId: RTY, type: 2, side: 0, size: 2 })
    await waitFor(flat(sim.control, accountId), 5_000)
    // Other symbols stay tradeable.
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    await waitFor(() => (sim.control.positions({ accountId }).some((p) => p.contractId === MES) ? true : null))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(sim.control.positions({ accountId }).map((p) => p.contractId)).toEqual([MES])
  })

  it('R6 trade_frequency_limit: an order placed during the cooldown is cancelled', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const yaml = 'rules:\n  trade_frequency_limit:\n    limits: { per_minute: 1, per_hour: 100, per_session: 100 }\n    cooldown_on_breach: { enabled: true, per_minute_breach: 600, per_hour_breach: 600, per_session_breach: 600 }\n'
    const engine = await engineOn(sim, dir, rulesFile(dir, yaml))
    const accountId = await firstAccount(engine)
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 1, size: 1 })
    await waitFor(async () => {
      const risk = await engine.handlers.getRisk({})
      return risk.accounts.find((a) => a.accountId === accountId)?.lockouts.some((l) => l.ruleId === 'trade_frequency_limit') ? true : null
    }, 5_000)
    const quote = sim.control.quote({ contractId: MES })
    const placed = sim.control.placeOrder({ accountId, contractId: MES, type: 1, side: 0, size: 1, limitPrice: Math.round(((quote?.bid ?? 6000) - 5) * 4) / 4 })
    await waitFor(() => (sim.control.orders({ accountId, openOnly: true }).every((o) => o.id !== placed.orderId) ? true : null), 5_000)
  })

  it('R3 daily_realized_loss: a losing round trip flattens, locks until the reset, and the lockout survives a restart (I-33, LOCK-4)', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const rules = rulesFile(dir, 'rules:\n  daily_realized_loss: { loss_limit: 1, action: CLOSE_ALL_AND_LOCKOUT, lockout_until: daily_reset }\n')
    let engine = await engineOn(sim, dir, rules)
    const accountId = await firstAccount(engine)
    // Buy at the ask, sell at the bid: the spread plus fees is a loss of more than $1.
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 2 })
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 1, size: 2 })
    const locked = await waitFor(async () => {
      const risk = await engine.handlers.getRisk({})
      const account = risk.accounts.find((a) => a.accountId === accountId)
      return account?.status === 'LOCKED' ? account : null
    }, 5_000)
    expect(locked.lockouts[0]).toMatchObject({ ruleId: 'daily_realized_loss', expiry: 'daily_reset', endsAt: locked.nextResetAt })
    expect(locked.pnl.net).toBeLessThan(-1)

    await engine.stop()
    // While the engine is down the trader opens a position in "the web app".
    sim.control.placeOrder({ accountId, contractId: MNQ, type: 2, side: 0, size: 1 })
    engine = await engineOn(sim, dir, rules)
    const restored = await engine.handlers.getRisk({})
    expect(restored.accounts.find((a) => a.accountId === accountId)?.lockouts.map((l) => l.ruleId)).toContain('daily_realized_loss')
    // Enforcement resumes: the position opened while Tiltguard was down is closed (PIPE-5 after restart).
    await waitFor(flat(sim.control, accountId), 5_000)
  })

  it('kill switch: flattens, then HALTED until the reset; a new order afterwards is cancelled', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const engine = await engineOn(sim, dir, rulesFile(dir, 'rules: {}\n'))
    const accountId = await firstAccount(engine)
    sim.control.placeOrder({ accountId, contractId: MES, type: 2, side: 0, size: 1 })
    await waitFor(async () => ((await engine.handlers.getSnapshot({})).portfolio.positions.length > 0 ? true : null))
    const report = await engine.handlers.flattenAll({ accountId, confirm: true })
    expect(report.accounts[0]).toMatchObject({ accountId, verifiedFlat: true })
    const risk = await engine.handlers.getRisk({})
    const account = risk.accounts.find((a) => a.accountId === accountId)
    expect(account?.status).toBe('HALTED')
    expect(account?.lockouts[0]).toMatchObject({ ruleId: 'kill_switch', expiry: 'daily_reset' })
    const quote = sim.control.quote({ contractId: MES })
    const placed = sim.control.placeOrder({ accountId, contractId: MES, type: 1, side: 0, size: 1, limitPrice: Math.round(((quote?.bid ?? 6000) - 5) * 4) / 4 })
    await waitFor(() => (sim.control.orders({ accountId, openOnly: true }).every((o) => o.id !== placed.orderId) ? true : null), 5_000)
  })

  it('ROLE-1/2 an invalid edit changes nothing; loosening needs the admin password; tightening is immediate', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const engine = await engineOn(sim, dir, rulesFile(dir, 'rules:\n  max_contracts: { limit: 5 }\n'))
    const bad = await engine.handlers.checkRules({ yaml: 'rules:\n  max_contracts: { limit: -3 }\n' })
    expect(bad.ok).toBe(false)
    expect(bad.problems[0]).toMatchObject({ path: expect.stringContaining('max_contracts') })
    await expect(engine.handlers.saveRules({ yaml: 'rules:\n  max_contracts: { limit: -3 }\n' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect((await engine.handlers.getRules({})).yaml).toContain('limit: 5')

    await engine.handlers.saveRules({ yaml: 'rules:\n  max_contracts: { limit: 3 }\n' })
    expect((await engine.handlers.getRules({})).source).toBe('saved')
    await engine.handlers.setAdminPassword({ next: 'correct horse' })
    const loosen = await engine.handlers.checkRules({ yaml: 'rules:\n  max_contracts: { limit: 8 }\n' })
    expect(loosen.loosens).toBe(true)
    expect(loosen.diff.join('\n')).toMatch(/-.*limit: 3[\s\S]*\+.*limit: 8/)
    await expect(engine.handlers.saveRules({ yaml: 'rules:\n  max_contracts: { limit: 8 }\n' })).rejects.toMatchObject({ code: 'ADMIN_REQUIRED' })
    await expect(engine.handlers.saveRules({ yaml: 'rules:\n  max_contracts: { limit: 8 }\n', password: 'wrong one!' })).rejects.toMatchObject({ code: 'ADMIN_REQUIRED' })
    await engine.handlers.saveRules({ yaml: 'rules:\n  max_contracts: { limit: 8 }\n', password: 'correct horse' })
    expect((await engine.handlers.getRules({})).yaml).toContain('limit: 8')
    const audit = await engine.handlers.listAudit({ limit: 50, category: 'settings' })
    expect(audit.filter((a) => a.message.startsWith('Rules changed'))).toHaveLength(2)
    expect((await engine.handlers.verifyAudit({})).ok).toBe(true)
  })

  it('shadow mode: the breach is recorded with "shadow" and nothing is sent; turning it on needs the admin password', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const engine = await engineOn(sim, dir, rulesFile(dir, 'rules:\n  max_contracts: { limit: 2, close_all: true }\n'))
    const accountId = await firstAccount(engine)
    await expect(engine.handlers.setShadow({ accountId, shadow: true })).rejects.toMatchObject({ code: 'ADMIN_REQUIRED' })
    await engine.handlers.setAdminPassword({ next: 'shadow password' })
    await engine.handlers.setShadow({ accountId, shadow: true, password: 'shadow password' })
    expect((await engine.handlers.getRisk({})).accounts.find((a) => a.accountId === accountId)?.shadow).toBe(true)
    sim.control.placeOrder({ accountId, contractId: MNQ, type: 2, side: 0, size: 3 })
    const rows = await waitFor(async () => {
      const r = (await engine.handlers.listAudit({ limit: 100, accountId, ruleId: 'max_contracts' })).filter((row) => row.shadow)
      return r.length > 0 ? r : null
    })
    expect(rows[0]?.message).toMatch(/Would have|Shadow/)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(sim.control.positions({ accountId }).find((p) => p.contractId === MNQ)?.size).toBe(3)
    expect(sim.control.requestLog({}).filter((r) => r.path.includes('closeContract'))).toHaveLength(0)
  })

  it('practice orders exist only on the built-in simulator: on a live account they are refused and nothing is sent', async () => {
    const sim = await standaloneSim()
    const dir = tempDir()
    const engine = await engineOn(sim, dir, rulesFile(dir, 'rules: {}\n'))
    const accountId = await firstAccount(engine)
    await expect(engine.handlers.simTrade({ accountId, contractId: MNQ, side: 'buy', size: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(engine.handlers.simMovePrice({ contractId: MNQ, points: 5 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(sim.control.orders({ accountId })).toEqual([])
  })
})
