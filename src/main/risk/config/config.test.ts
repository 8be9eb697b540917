// RISK-CFG-1..3 (§10 CFG-1..3), the example file, legacy limits, JSON input.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseRulesYaml } from './parse'
import { rulesFor } from './schema'
import { ACCOUNT, at, config, kinds, last, trade, position, MNQ } from '../../../../test/support/risk/fixtures'

describe('rules configuration', () => {
  it('resources/rules.example.yaml parses and lists every rule', () => {
    const result = parseRulesYaml(readFileSync(new URL('../../../../resources/rules.example.yaml', import.meta.url), 'utf8'))
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(rulesFor(result.config, 1)).toHaveLength(13)
  })
  it('RISK-CFG-1: an invalid file is rejected with every error, each with line, column, field path and reason', () => {
    const text = ['rules:', '  daily_realized_loss:', '    loss_limit: -5', '  session_block_outside:', '    global_session:', '      start: "25:00"', '      end: "16:00"', '      timezone: Mars/Olympus', '  daily_unrealized_loss:', '    action: EXPLODE', ''].join('\n')
    const result = parseRulesYaml(text)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const byPath = Object.fromEntries(result.errors.map((e) => [e.path, e]))
    expect(byPath['rules.daily_realized_loss.loss_limit']).toMatchObject({ line: 3, column: 17 })
    expect(byPath['rules.session_block_outside.global_session.start']?.line).toBe(6)
    expect(byPath['rules.session_block_outside.global_session.timezone']?.reason).toContain('time zone')
    expect(byPath['rules.daily_unrealized_loss.action']?.line).toBe(10)
  })
  it('RISK-CFG-1: YAML syntax errors are located; JSON input is accepted', () => {
    const bad = parseRulesYaml('rules:\n  max_contracts: [1,\n')
    expect(bad.ok).toBe(false)
    const json = parseRulesYaml('{"rules": {"max_contracts": {"limit": 2}}}')
    expect(json.ok && json.config.rules.max_contracts?.limit).toBe(2)
  })
  it('RISK-CFG-1: an unknown rule name is an error (the previous config stays with the engine)', () => {
    const r = parseRulesYaml('rules:\n  max_contract: {limit: 2}\n')
    expect(r.ok).toBe(false)
  })
  it('I-1: a legacy negative `limit` is read as a positive loss_limit', () => {
    const r = parseRulesYaml('rules:\n  daily_realized_loss: { limit: -500 }\n')
    expect(r.ok && r.config.rules.daily_realized_loss?.loss_limit).toBe(500)
  })
  it('a rule absent from the file is disabled', () => {
    const r = parseRulesYaml('rules:\n  max_contracts: {}\n')
    expect(r.ok && rulesFor(r.config, 1).map((x) => x.rule.id)).toEqual(['max_contracts'])
  })
  it('RISK-CFG-2: per-account overrides replace global values for that account only', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 500 } }, { accounts: [{ account_id: ACCOUNT, rule_overrides: { daily_realized_loss: { loss_limit: 250 } } }] })
    const t = at('2026-03-10T10:00')
    expect(kinds(last([trade(1, -250, t)], cfg))).toContain('close_all')
    const other = last([{ ...trade(1, -250, t), accountId: 99 }], cfg)
    expect(other.plans).toEqual([])
    const bad = parseRulesYaml('accounts:\n  - account_id: 1\n    rule_overrides:\n      max_contracts: { limit: -3 }\n')
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['accounts.0.rule_overrides.max_contracts.limit'])
  })
  it('RISK-CFG-3: strict_mode turns any breach into close all, cancel all and an indefinite lockout', () => {
    const cfg = config({ max_contracts: { limit: 1 } }, { global: { strict_mode: true } })
    const r = last([position(MNQ, 'long', 2, 21000, at('2026-03-10T10:00'))], cfg)
    expect(kinds(r)).toEqual(['set_lockout', 'close_all', 'cancel_all_orders'])
    expect(r.state.accounts[ACCOUNT]?.lockouts['max_contracts|account']?.expiry).toEqual({ kind: 'indefinite' })
  })
})
