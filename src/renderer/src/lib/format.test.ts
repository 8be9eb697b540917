// Formatting: money signs, exchange time in Chicago across DST, countdowns.
import { describe, expect, it } from 'vitest'
import { age, countdown, exchangeTime, money, price, ruleValue, signedMoney, zoneAbbreviation } from './format'

describe('format', () => {
  it('spells money with a real minus and P&L with its sign', () => {
    expect(money(1234.5)).toBe('$1,234.50')
    expect(money(-87.5)).toBe('−$87.50')
    expect(signedMoney(32.5)).toBe('+$32.50')
    expect(signedMoney(0)).toBe('$0.00')
    expect(money(null)).toBe('–')
    expect(price(6012.25)).toBe('6,012.25')
  })

  it('shows exchange time in America/Chicago, summer and winter', () => {
    expect(exchangeTime(Date.UTC(2025, 6, 1, 22, 0, 5))).toBe('17:00:05')
    expect(zoneAbbreviation(Date.UTC(2025, 6, 1))).toBe('CDT')
    expect(exchangeTime(Date.UTC(2025, 11, 1, 23, 0, 0), 'America/Chicago', false)).toBe('17:00')
    expect(zoneAbbreviation(Date.UTC(2025, 11, 1))).toBe('CST')
  })

  it('counts down and ages', () => {
    expect(countdown(2 * 3_600_000 + 5 * 60_000 + 9_000)).toBe('2h 05m 09s')
    expect(countdown(243_000)).toBe('4m 03s')
    expect(countdown(-5)).toBe('0s')
    expect(countdown(1)).toBe('1s')
    expect(age(45_000)).toBe('45s')
    expect(age(7_800_000)).toBe('2h 10m')
    expect(ruleValue(3, 'contracts')).toBe('3 ct')
  })
})
