// Issue 10, done-when: the engine is killed with SIGKILL mid-day and restarted on the same data directory.
// Lockouts, counts, P&L and timers come back intact, and an order placed while it was down is cancelled
// (and a position opened while it was down closed) after the restart (I-33, LOCK-4, PIPE-5).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, gatewayEnvOf, startEngine, stopEngine, test } from './fixtures'

type Browser = { tiltguard: Record<string, (input: unknown) => Promise<{ ok: boolean; value: unknown }>> }
interface AccountRisk {
  accountId: number
  status: string
  pnl: { realized: number; fees: number; net: number }
  lockouts: { ruleId: string; expiry: string; endsAt: number | null }[]
}

const MES = 'CON.F.US.MES.Z26'
const MNQ = 'CON.F.US.MNQ.Z26'

async function risk(page: Page, accountId: number): Promise<AccountRisk | undefined> {
  const result = await page.evaluate(() => (globalThis as unknown as Browser).tiltguard.getRisk!({}))
  return (result.value as { accounts: AccountRisk[] } | undefined)?.accounts.find((a) => a.accountId === accountId)
}

test('SIGKILL mid-day, restart on the same data dir: lockout, P&L and reset time intact; what was placed meanwhile is undone', async ({ page, sim }) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tiltguard-crash-'))
  const rules = path.join(dataDir, 'rules.yaml')
  await writeFile(rules, 'rules:\n  daily_realized_loss: { loss_limit: 1, action: CLOSE_ALL_AND_LOCKOUT, lockout_until: daily_reset }\n')
  const accountId = sim.accounts[0] as number
  let engine = await startEngine(dataDir, gatewayEnvOf(sim, rules))
  try {
    await page.goto(engine.url)
    await expect.poll(async () => (await risk(page, accountId))?.status, { timeout: 20_000 }).toBe('ACTIVE')
    // A losing round trip as the web app would place it: spread plus fees lose more than $1.
    await sim.control('placeOrder', { accountId, contractId: MES, type: 2, side: 0, size: 2 })
    await sim.control('placeOrder', { accountId, contractId: MES, type: 2, side: 1, size: 2 })
    await expect.poll(async () => (await risk(page, accountId))?.status, { timeout: 10_000 }).toBe('LOCKED')
    const before = (await risk(page, accountId)) as AccountRisk

    engine.process.kill('SIGKILL')
    await new Promise((resolve) => engine.process.once('exit', resolve))

    // While Tiltguard is down the trader opens a position and rests an order in the web app.
    await sim.control('placeOrder', { accountId, contractId: MNQ, type: 2, side: 0, size: 1 })
    const quote = await sim.control<{ bid: number }>('quote', { contractId: MES })
    const resting = await sim.control<{ orderId: number }>('placeOrder', { accountId, contractId: MES, type: 1, side: 0, size: 1, limitPrice: Math.round((quote.bid - 5) * 4) / 4 })

    engine = await startEngine(dataDir, gatewayEnvOf(sim, rules))
    await page.goto(engine.url)
    const after = await expect.poll(async () => (await risk(page, accountId))?.status, { timeout: 20_000 }).toBe('LOCKED').then(() => risk(page, accountId))
    expect(after?.lockouts).toEqual(before.lockouts)
    await expect.poll(async () => (await sim.control<unknown[]>('positions', { accountId })).length, { timeout: 10_000 }).toBe(0)
    // P&L is intact: the day's figure is every fill's, before the crash and after, exactly as the gateway has them.
    const trades = await sim.control<{ profitAndLoss: number | null; fees: number; commissions?: number | null; voided: boolean }[]>('trades', { accountId })
    const gross = Math.round(trades.reduce((sum, t) => sum + (t.voided ? 0 : (t.profitAndLoss ?? 0)), 0) * 100) / 100
    const fees = Math.round(trades.reduce((sum, t) => sum + (t.voided ? 0 : t.fees + (t.commissions ?? 0)), 0) * 100) / 100
    await expect.poll(async () => (await risk(page, accountId))?.pnl.realized, { timeout: 10_000 }).toBe(gross)
    expect((await risk(page, accountId))?.pnl.fees).toBe(fees)
    expect(trades.length).toBeGreaterThanOrEqual(4)
    await expect
      .poll(async () => (await sim.control<{ id: number }[]>('orders', { accountId, openOnly: true })).some((o) => o.id === resting.orderId), { timeout: 10_000 })
      .toBe(false)
  } finally {
    await stopEngine(engine)
    await rm(dataDir, { recursive: true, force: true })
  }
})
