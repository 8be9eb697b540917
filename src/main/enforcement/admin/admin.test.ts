// Admin password (ROLE-2) and the rules-change policy (ROLE-1, LOCK-7).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import type { Lockout } from '../../risk/plan'
import { AdminPassword, AdminPasswordError } from './admin-password'
import type { KeyValueStore } from './admin-password'
import { authorizeConfigChange, classifyRulesChange } from './config-policy'

class MemoryKv implements KeyValueStore {
  readonly map = new Map<string, string>()
  get<T>(key: string): T | null {
    const v = this.map.get(key)
    return v === undefined ? null : (JSON.parse(v) as T)
  }
  set<T>(key: string, value: T): void {
    this.map.set(key, JSON.stringify(value))
  }
}

const make = () => {
  const kv = new MemoryKv()
  const clock = new ManualClock()
  return { kv, clock, admin: new AdminPassword(kv, clock, { cost: 1024, lockMs: 60_000 }) }
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (error) {
    return error instanceof AdminPasswordError ? error.code : 'other'
  }
}

describe('AdminPassword', () => {
  it('ROLE-2: set once, 8–72 characters, never stored plain', async () => {
    const { kv, admin } = make()
    expect(await code(admin.setInitial('short'))).toBe('INVALID_LENGTH')
    expect(await code(admin.setInitial('x'.repeat(73)))).toBe('INVALID_LENGTH')
    await admin.setInitial('correct horse')
    expect(admin.isSet()).toBe(true)
    expect([...kv.map.values()].join()).not.toContain('correct horse')
    expect(await code(admin.setInitial('another one'))).toBe('ALREADY_SET')
    expect(await code(admin.verify('correct horse'))).toBe('ok')
  })

  it('ROLE-2: three wrong attempts lock admin actions for a while, even the right password', async () => {
    const { clock, admin } = make()
    await admin.setInitial('correct horse')
    expect(await code(admin.verify('wrong one!'))).toBe('WRONG_PASSWORD')
    expect(await code(admin.verify('wrong two!'))).toBe('WRONG_PASSWORD')
    expect(await code(admin.verify('wrong three'))).toBe('LOCKED')
    expect(await code(admin.verify('correct horse'))).toBe('LOCKED')
    clock.advance(60_001)
    expect(await code(admin.verify('correct horse'))).toBe('ok')
  })

  it('change requires the current password', async () => {
    const { admin } = make()
    await admin.setInitial('correct horse')
    expect(await code(admin.change('nope nope', 'battery staple'))).toBe('WRONG_PASSWORD')
    await admin.change('correct horse', 'battery staple')
    expect(await code(admin.verify('battery staple'))).toBe('ok')
    expect(await code(admin.verify('correct horse'))).toBe('WRONG_PASSWORD')
  })
})

const lock = (ruleId: string): Lockout => ({ accountId: 1, ruleId, scope: { kind: 'account' }, expiry: { kind: 'indefinite' }, reason: 'r', setAt: 0 })
const before = { max_contracts: { enabled: true, limit: 2 }, daily_realized_loss: { enabled: true, limit: -500 }, cooldown_after_loss: { enabled: true, cooldown_seconds: 300 } }

describe('authorizeConfigChange', () => {
  it('classifies limits, enabled flags, durations and removed rules', () => {
    const after = { max_contracts: { enabled: true, limit: 1 }, daily_realized_loss: { enabled: true, limit: -1000 }, cooldown_after_loss: { enabled: false, cooldown_seconds: 600 } }
    expect(classifyRulesChange(before, after).map((c) => `${c.path}:${c.direction}`)).toEqual([
      'max_contracts.limit:tighten',
      'daily_realized_loss.limit:loosen',
      'cooldown_after_loss.enabled:loosen',
      'cooldown_after_loss.cooldown_seconds:tighten',
    ])
    expect(classifyRulesChange(before, { max_contracts: before.max_contracts })[0]).toMatchObject({ ruleKey: 'daily_realized_loss', direction: 'loosen' })
  })

  it('ROLE-1: tightening is always allowed at once, even during a lockout and without the password', () => {
    const after = { ...before, max_contracts: { enabled: true, limit: 1 } }
    expect(authorizeConfigChange(before, after, [lock('max_contracts')], { passwordSet: true, verified: false }).kind).toBe('allowed')
  })

  it('ROLE-1: loosening needs the password', () => {
    const after = { ...before, max_contracts: { enabled: true, limit: 5 } }
    expect(authorizeConfigChange(before, after, [], { passwordSet: true, verified: false }).kind).toBe('needs_password')
    expect(authorizeConfigChange(before, after, [], { passwordSet: true, verified: true }).kind).toBe('allowed')
  })

  it('LOCK-7: loosening never takes effect while an affected lockout is active; an unrelated one does not block', () => {
    const after = { ...before, daily_realized_loss: { enabled: false, limit: -500 } }
    const ruleIdOf = (k: string) => (k === 'daily_realized_loss' ? 'RULE-003' : k)
    const decision = authorizeConfigChange(before, after, [lock('RULE-003')], { passwordSet: true, verified: true }, { ruleIdOf })
    expect(decision.kind).toBe('refused_lockout_active')
    expect(authorizeConfigChange(before, after, [lock('RULE-011')], { passwordSet: true, verified: true }, { ruleIdOf }).kind).toBe('allowed')
  })

  it('without a password set, loosening during any lockout is refused', () => {
    const after = { ...before, max_contracts: { enabled: true, limit: 5 } }
    expect(authorizeConfigChange(before, after, [lock('RULE-011')], { passwordSet: false, verified: false }).kind).toBe('refused_lockout_active')
    expect(authorizeConfigChange(before, after, [], { passwordSet: false, verified: false }).kind).toBe('allowed')
  })
})
