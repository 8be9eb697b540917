// The trading calendar on the virtual clock (issue 8 item 10): Globex hours per product group, the daily
// 16:00–17:00 CT halt, Friday close, holidays, early closes, DST, and setSession as a manual override.
import { Temporal } from 'temporal-polyfill'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { TradingCalendar } from '../../src/sim/calendar'
import { call, login, sim } from './helpers'

const ES = 'CON.F.US.EP.Z26'
const GC = 'CON.F.US.GCE.Z26'
let s: SimulatorHandle
let token: string
let acct: number

/** Epoch ms of a Chicago wall time, through the time zone database. */
const ct = (wall: string): number => Temporal.ZonedDateTime.from(`${wall}[America/Chicago]`).epochMilliseconds

beforeAll(async () => {
  s = await sim({
    // Sign in at the earliest instant the tests visit, with a token that outlives the latest one.
    startTimeMs: ct('2026-03-01T10:00'),
    tokenTtlMs: 400 * 86_400_000,
    calendar: {
      hours: { metals: { open: '17:00', close: '15:30' } },
      holidays: [{ date: '2026-04-03', name: 'Good Friday' }],
      earlyCloses: [{ date: '2026-11-27', time: '12:15' }],
    },
  })
  s.control.freezeClock({ frozen: true })
  token = await login(s)
  acct = s.accountIds[0] as number
})
afterAll(() => s.close())

async function placeAt(wall: string, contractId = ES): Promise<{ errorCode: number; errorMessage: unknown }> {
  s.control.freezeClock({ frozen: true, atMs: ct(wall) })
  // A buy limit at the bid: on the tick grid and inside the price band (SIM8-4), so only the calendar can refuse it.
  const bid = s.control.quote({ contractId })?.bid ?? 0
  const r = await call(s, '/api/Order/place', { accountId: acct, contractId, type: 1, side: 0, size: 1, limitPrice: bid }, token)
  return { errorCode: r.json.errorCode as number, errorMessage: r.json.errorMessage }
}

describe('SIM8-10 trading calendar', () => {
  it('SIM8-10 Globex week: Sunday 17:00 open (on the DST day), daily halt, Friday close, Saturday closed', async () => {
    const closed = { errorCode: 5, errorMessage: 'Outside of trading hours' }
    expect(await placeAt('2026-03-07T12:00')).toEqual(closed) // Saturday
    expect(await placeAt('2026-03-08T16:59')).toEqual(closed) // Sunday before the open; DST began at 02:00
    expect((await placeAt('2026-03-08T17:00')).errorCode).toBe(0)
    expect((await placeAt('2026-03-09T15:59')).errorCode).toBe(0)
    expect(await placeAt('2026-03-09T16:00')).toEqual(closed) // daily halt
    expect(await placeAt('2026-03-09T16:59')).toEqual(closed)
    expect((await placeAt('2026-03-09T17:00')).errorCode).toBe(0)
    expect((await placeAt('2026-03-13T15:59')).errorCode).toBe(0)
    expect(await placeAt('2026-03-13T16:00')).toEqual(closed) // Friday close
    expect(await placeAt('2026-03-13T20:00')).toEqual(closed)
    // The autumn change: Sunday 1 November 2026 opens at 17:00 CST.
    expect(await placeAt('2026-11-01T16:59')).toEqual(closed)
    expect((await placeAt('2026-11-01T17:00')).errorCode).toBe(0)
  })

  it('SIM8-10 product groups, holidays and early closes; no price moves while closed', async () => {
    expect((await placeAt('2026-03-10T15:45', GC)).errorCode).toBe(5) // metals configured to halt at 15:30
    expect((await placeAt('2026-03-10T15:45', ES)).errorCode).toBe(0)
    expect((await placeAt('2026-04-03T10:00')).errorCode).toBe(5) // holiday
    expect((await placeAt('2026-11-27T12:14')).errorCode).toBe(0)
    expect((await placeAt('2026-11-27T12:15')).errorCode).toBe(5) // early close
    s.control.freezeClock({ frozen: true, atMs: ct('2026-03-07T12:00') })
    const before = s.control.quote({ contractId: ES })
    s.control.stepMarket({ contractId: ES, steps: 20 })
    expect(s.control.quote({ contractId: ES })).toEqual(before)
  })

  it('SIM8-10 setSession overrides the calendar; null returns to it', async () => {
    s.control.freezeClock({ frozen: true, atMs: ct('2026-03-07T12:00') })
    s.control.setSession({ open: true })
    expect((await placeAt('2026-03-07T12:00')).errorCode).toBe(0)
    s.control.setSession({ open: null })
    expect((await placeAt('2026-03-07T12:00')).errorCode).toBe(5)
    s.control.setSession({ open: false })
    expect((await placeAt('2026-03-09T10:00')).errorCode).toBe(5)
    s.control.setSession({ open: null })
    expect((await placeAt('2026-03-09T10:00')).errorCode).toBe(0)
  })

  it('SIM8-10 trading day rolls at 17:00 CT; next wall time follows DST', () => {
    expect(TradingCalendar.tradingDay(ct('2026-03-09T16:59'))).toBe('2026-03-09')
    expect(TradingCalendar.tradingDay(ct('2026-03-09T17:00'))).toBe('2026-03-10')
    expect(TradingCalendar.tradingDay(ct('2026-03-13T17:30'))).toBe('2026-03-16')
    expect(TradingCalendar.tradingDay(ct('2026-03-08T18:00'))).toBe('2026-03-09')
    expect(TradingCalendar.nextWallTime(ct('2026-03-07T18:00'), '17:00')).toBe(ct('2026-03-08T17:00'))
    expect(new Date(TradingCalendar.nextWallTime(ct('2026-03-07T18:00'), '17:00')).toISOString()).toBe('2026-03-08T22:00:00.000Z')
  })
})
