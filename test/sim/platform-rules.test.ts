// Prop-firm platform rules (issue 8 item 11), per account and off by default: the daily loss limit liquidates
// and holds canTrade false until 17:00 CT; positions are flattened at 15:10 CT. Driven by the virtual clock.
import { Temporal } from 'temporal-polyfill'
import { afterEach, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { call, connectHub, data, login, sim, until } from './helpers'

const ES = 'CON.F.US.EP.Z26'
const ct = (wall: string): number => Temporal.ZonedDateTime.from(`${wall}[America/Chicago]`).epochMilliseconds
let s: SimulatorHandle | undefined
afterEach(async () => {
  await s?.close()
  s = undefined
})

async function start(rules: { flattenAt?: string | null; dailyLossLimit?: number }, at: string) {
  s = await sim({
    startTimeMs: ct(at),
    accounts: [
      { name: 'WITH-RULES', balance: 50_000, platformRules: rules },
      { name: 'NO-RULES', balance: 50_000 },
    ],
  })
  s.control.freezeClock({ frozen: true })
  const token = await login(s)
  const [a, b] = s.accountIds as [number, number]
  s.control.setQuote({ contractId: ES, bid: 6000, ask: 6000.25 })
  const hub = await connectHub(s.userHubUrl, token)
  await hub.conn.invoke('SubscribeAccounts')
  await hub.conn.invoke('SubscribeOrders', a)
  const place = async (accountId: number, body: Record<string, unknown>) => (await call(s as SimulatorHandle, '/api/Order/place', { accountId, contractId: ES, size: 2, ...body }, token)).json
  const positions = async (accountId: number) => (await call(s as SimulatorHandle, '/api/Position/searchOpen', { accountId }, token)).json.positions as unknown[]
  const account = async (accountId: number) => ((await call(s as SimulatorHandle, '/api/Account/search', { onlyActiveAccounts: true }, token)).json.accounts as Array<{ id: number; canTrade: boolean }>).find((x) => x.id === accountId)
  return { s, token, a, b, hub, place, positions, account }
}

describe('SIM8-11 prop-firm platform rules', () => {
  it('SIM8-11 daily loss limit: liquidate (orders cancelled, positions closed), canTrade false until 17:00 CT; other accounts untouched', async () => {
    const t = await start({ dailyLossLimit: 1000, flattenAt: null }, '2026-03-09T10:00')
    const resting = await t.place(t.a, { type: 1, side: 0, size: 1, limitPrice: 5900 })
    expect((await t.place(t.a, { type: 2, side: 0 })).success).toBe(true)
    expect((await t.place(t.b, { type: 2, side: 0 })).success).toBe(true)
    t.s.control.setQuote({ contractId: ES, bid: 5995, ask: 5995.25 }) // −525 open: below the limit
    expect(await t.positions(t.a)).toHaveLength(1)
    t.s.control.setQuote({ contractId: ES, bid: 5990, ask: 5990.25 }) // −1025 open, −1028.80 with fees
    await until(() => t.hub.events.some((e) => e.target === 'GatewayUserAccount' && data(e.args[0]).id === t.a && data(e.args[0]).canTrade === false))
    expect(await t.positions(t.a)).toEqual([])
    expect(await t.positions(t.b)).toHaveLength(1)
    expect((await t.account(t.a))?.canTrade).toBe(false)
    expect((await t.account(t.b))?.canTrade).toBe(true)
    const orders = t.hub.events.filter((e) => e.target === 'GatewayUserOrder').map((e) => data(e.args[0]))
    expect(orders.some((o) => o.id === resting.orderId && o.status === 3)).toBe(true)
    expect((await t.place(t.a, { type: 2, side: 0 })).success).toBe(false)
    const [state] = t.s.control.platformRules()
    expect(state).toMatchObject({ accountId: t.a, lockedUntilMs: ct('2026-03-09T17:00') })
    expect(state?.dayPnl).toBeLessThanOrEqual(-1000)

    t.s.control.advanceClock({ ms: ct('2026-03-09T16:59') - t.s.control.now() })
    expect((await t.account(t.a))?.canTrade).toBe(false)
    t.s.control.advanceClock({ ms: 60_000 })
    expect((await t.account(t.a))?.canTrade).toBe(true)
    expect((await t.place(t.a, { type: 2, side: 0 })).success).toBe(true)
    expect(t.s.control.platformRules()[0]).toMatchObject({ tradingDay: '2026-03-10', lockedUntilMs: null })
    await t.hub.conn.stop()
  })

  it('SIM8-11 flatten at 15:10 CT: positions closed and working orders cancelled on the account with rules only', async () => {
    const t = await start({}, '2026-03-09T15:05')
    const resting = await t.place(t.a, { type: 1, side: 0, size: 1, limitPrice: 5900 })
    await t.place(t.a, { type: 2, side: 0 })
    await t.place(t.b, { type: 2, side: 0 })
    t.s.control.advanceClock({ ms: 4 * 60_000 }) // 15:09
    expect(await t.positions(t.a)).toHaveLength(1)
    t.s.control.advanceClock({ ms: 60_000 }) // 15:10
    expect(await t.positions(t.a)).toEqual([])
    expect(await t.positions(t.b)).toHaveLength(1)
    expect(t.s.control.orders({ accountId: t.a }).find((o) => o.id === resting.orderId)?.status).toBe(3)
    expect((await t.account(t.a))?.canTrade).toBe(true)
    await t.hub.conn.stop()
  })

  it('SIM8-11 off by default; switched per account at run time', async () => {
    const t = await start({}, '2026-03-09T10:00')
    expect(t.s.control.setPlatformRules({ accountId: t.a, rules: null })).toBe(true)
    expect(t.s.control.platformRules()).toEqual([])
    expect(t.s.control.setPlatformRules({ accountId: t.b, rules: { dailyLossLimit: 500, flattenAt: null } })).toBe(true)
    expect(t.s.control.platformRules().map((r) => r.accountId)).toEqual([t.b])
    await t.hub.conn.stop()
  })
})
