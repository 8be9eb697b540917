// Issue 10, done-when: the built engine started with TILTGUARD_RULES against a standalone `npm run sim`
// enforces, each within a second of the web-app action: 3 MNQ over a max_contracts of 2 flattened, a
// position in a blocked symbol flattened, an order placed during a trade_frequency_limit cooldown cancelled.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, gatewayEnvOf, startEngine, stopEngine, test } from './fixtures'

const RULES = `rules:
  max_contracts: { limit: 2, close_all: true }
  symbol_blocks: { blocked_symbols: [RTY], close_existing: true }
  trade_frequency_limit:
    limits: { per_minute: 1, per_hour: 100, per_session: 100 }
    cooldown_on_breach: { enabled: true, per_minute_breach: 600, per_hour_breach: 600, per_session_breach: 600 }
`

/** Polls until `probe` is true; returns the elapsed ms, or fails after 5 s. */
async function within(probe: () => Promise<boolean>): Promise<number> {
  const start = Date.now()
  await expect.poll(probe, { timeout: 5_000, intervals: [10] }).toBe(true)
  return Date.now() - start
}

test('the engine on a standalone simulator enforces max contracts, a blocked symbol and a cooldown, each within a second', async ({ sim }) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tiltguard-enforce-'))
  const rules = path.join(dataDir, 'rules.yaml')
  await writeFile(rules, RULES)
  const [first, second] = sim.accounts as [number, number]
  const third = first
  const engine = await startEngine(dataDir, gatewayEnvOf(sim, rules))
  try {
    // Ready when the engine has subscribed and reconciled: its first REST reads reached the simulator.
    await expect.poll(async () => (await sim.control<{ path: string }[]>('requestLog', {})).some((r) => r.path.includes('Position/searchOpen')), { timeout: 20_000 }).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const positions = async (accountId: number) => (await sim.control<unknown[]>('positions', { accountId })).length

    await sim.control('placeOrder', { accountId: first, contractId: 'CON.F.US.MNQ.Z26', type: 2, side: 0, size: 3 })
    expect(await within(async () => (await positions(first)) === 0)).toBeLessThan(1_000)

    await sim.control('placeOrder', { accountId: second, contractId: 'CON.F.US.RTY.Z26', type: 2, side: 0, size: 1 })
    expect(await within(async () => (await positions(second)) === 0)).toBeLessThan(1_000)

    await sim.control('placeOrder', { accountId: third, contractId: 'CON.F.US.MES.Z26', type: 2, side: 0, size: 1 })
    await sim.control('placeOrder', { accountId: third, contractId: 'CON.F.US.MES.Z26', type: 2, side: 1, size: 1 })
    // Let the second fill land and the cooldown start.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const quote = await sim.control<{ bid: number }>('quote', { contractId: 'CON.F.US.MES.Z26' })
    const placed = await sim.control<{ orderId: number }>('placeOrder', { accountId: third, contractId: 'CON.F.US.MES.Z26', type: 1, side: 0, size: 1, limitPrice: Math.round((quote.bid - 5) * 4) / 4 })
    const open = async () => (await sim.control<{ id: number }[]>('orders', { accountId: third, openOnly: true })).some((o) => o.id === placed.orderId)
    expect(await within(async () => !(await open()))).toBeLessThan(1_000)
  } finally {
    await stopEngine(engine)
    await rm(dataDir, { recursive: true, force: true })
  }
})
