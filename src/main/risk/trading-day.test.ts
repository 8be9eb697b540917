// Trading-day boundaries through Temporal: Sunday's session is Monday's, DST both ways, weeks and holidays.
import { describe, expect, it } from 'vitest'
import { nextResetAfter, nextWeekStartAfter, tradingDayAt, DEFAULT_TRADING_DAY } from './trading-day'
import { realizedOf } from './pnl'
import { replay } from './replay'
import { ACCOUNT, at, config, kinds, trade } from '../../../test/support/risk/fixtures'

const HOUR = 3_600_000

describe('trading day', () => {
  it('the session opening Sunday 17:00 CT is Monday’s trading day', () => {
    expect(tradingDayAt(at('2026-03-15T17:30'), DEFAULT_TRADING_DAY).key).toBe('2026-03-16')
    expect(tradingDayAt(at('2026-03-16T16:59'), DEFAULT_TRADING_DAY).key).toBe('2026-03-16')
    expect(tradingDayAt(at('2026-03-16T17:00'), DEFAULT_TRADING_DAY).key).toBe('2026-03-17')
  })
  it('DST spring forward (2026-03-08): the day is 23 h and the boundary moves from 23:00 to 22:00 UTC', () => {
    const day = tradingDayAt(at('2026-03-08T12:00'), DEFAULT_TRADING_DAY)
    expect(day.startsAt).toBe(Date.UTC(2026, 2, 7, 23))
    expect(day.endsAt).toBe(Date.UTC(2026, 2, 8, 22))
    expect(day.endsAt - day.startsAt).toBe(23 * HOUR)
  })
  it('DST fall back (2026-11-01): the day is 25 h and the boundary moves from 22:00 to 23:00 UTC', () => {
    const day = tradingDayAt(at('2026-11-01T12:00'), DEFAULT_TRADING_DAY)
    expect(day.startsAt).toBe(Date.UTC(2026, 9, 31, 22))
    expect(day.endsAt).toBe(Date.UTC(2026, 10, 1, 23))
    expect(day.endsAt - day.startsAt).toBe(25 * HOUR)
  })
  it('a breach at exactly 17:00 locks until the following 17:00; other zones and reset times work', () => {
    expect(nextResetAfter(at('2026-03-10T17:00'), DEFAULT_TRADING_DAY)).toBe(at('2026-03-11T17:00'))
    expect(nextResetAfter(Date.UTC(2026, 5, 1, 12), { resetTime: '17:00', timeZone: 'America/New_York' })).toBe(Date.UTC(2026, 5, 1, 21))
    expect(nextResetAfter(Date.UTC(2026, 5, 1, 12), { resetTime: '00:00', timeZone: 'UTC' })).toBe(Date.UTC(2026, 5, 2, 0))
  })
  it('the next trading week starts Sunday 17:00 CT', () => {
    expect(nextWeekStartAfter(at('2026-11-25T10:00'), DEFAULT_TRADING_DAY)).toBe(at('2026-11-29T17:00'))
  })
})

describe('weekly_realized_loss', () => {
  const cfg = config({ weekly_realized_loss: { loss_limit: 1500 } }, { holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }] })
  it('sums across days and a holiday, locks until the next week, resets across the weekend', () => {
    const steps = replay([
      trade(1, -1000, at('2026-11-24T10:00')),
      trade(2, 100, at('2026-11-25T10:00')),
      { kind: 'tick', at: at('2026-11-26T10:00') },
      trade(3, -600, at('2026-11-27T10:00')),
      { kind: 'tick', at: at('2026-11-29T16:59') },
      { kind: 'tick', at: at('2026-11-29T17:00') },
    ], cfg)
    expect(kinds(steps[1]!)).toEqual([])
    expect(kinds(steps[3]!)).toContain('close_all')
    const lock = steps[3]!.state.accounts[ACCOUNT]!.lockouts['weekly_realized_loss|account']
    expect(lock?.expiry).toEqual({ kind: 'until', at: at('2026-11-29T17:00') })
    expect(steps[4]!.evaluations[0]!.status).toBe('LOCKED')
    const monday = steps[5]!.state.accounts[ACCOUNT]!
    expect(monday.lockouts).toEqual({})
    expect(monday.weekRealizedBefore + realizedOf(monday, 'net')).toBe(0)
  })
})
