// DB-1 / DB-10: which changes of the core's state are written with their event, and which are not.
import { describe, expect, it } from 'vitest'
import { ACCOUNT, MNQ, at, config, last, order, position, quote, trade } from '../../../test/support/risk/fixtures'
import { step } from '../risk'
import { durableChange } from './risk-runtime'

const T0 = at('2026-03-10T10:00')
const cfg = config({ daily_realized_loss: { loss_limit: 100 } })

describe('durableChange', () => {
  it('DB-1 a fill or a lockout is written with its event; an order or a position alone is not (the gateway has them)', () => {
    const base = last([position(MNQ, 'long', 1, 21000, T0)], cfg).state
    const after = (event: Parameters<typeof step>[2]) => step(base, cfg, event).state.accounts[ACCOUNT]!
    const before = base.accounts[ACCOUNT]!
    expect(durableChange(before, after(order(5, MNQ, T0 + 1)), 0)).toBe(false)
    expect(durableChange(before, after(position(MNQ, 'long', 2, 21000, T0 + 1)), 0)).toBe(false)
    expect(durableChange(before, after(trade(9, -20, T0 + 1)), 0)).toBe(true)
    expect(durableChange(before, after(trade(9, -150, T0 + 1)), 0)).toBe(true)
  })

  it('DB-10 a quote that only moves the water marks is written at most once a second', () => {
    const base = last([position(MNQ, 'long', 1, 21000, T0)], cfg).state
    const moved = step(base, cfg, quote(MNQ, 21010, T0 + 1)).state.accounts[ACCOUNT]!
    expect(durableChange(base.accounts[ACCOUNT], moved, 200)).toBe(false)
    expect(durableChange(base.accounts[ACCOUNT], moved, 1_000)).toBe(true)
  })
})
