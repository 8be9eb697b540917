import { describe, expect, it } from 'vitest'
import { ACCOUNT, at, config, last, trade } from '../../../test/support/risk/fixtures'
import { PnlSeries } from './pnl-series'

const T0 = at('2026-03-10T10:00')

describe('PnlSeries', () => {
  it("after a restart the curve starts from the day's fills (net of fees), then follows new verdicts", () => {
    const cfg = config({})
    const result = last([trade(1, null, T0, { fees: 1 }), trade(2, -50, T0 + 60_000, { fees: 1 }), trade(3, 120, T0 + 120_000, { fees: 1 })], cfg)
    const account = result.state.accounts[ACCOUNT]!
    const series = new PnlSeries()
    series.note(account, result.state, T0 + 180_000, cfg)
    expect(series.points(ACCOUNT)).toEqual([
      { at: T0, net: -1 },
      { at: T0 + 60_000, net: -52 },
      { at: T0 + 120_000, net: 67 },
    ])
  })
  it('adds at most one point a second while net moves, and none while it stands still', () => {
    const cfg = config({})
    const result = last([trade(1, 10, T0)], cfg)
    const account = result.state.accounts[ACCOUNT]!
    const series = new PnlSeries()
    series.note(account, result.state, T0, cfg)
    series.note(account, result.state, T0 + 5_000, cfg)
    expect(series.points(ACCOUNT)).toHaveLength(1)
  })
})
