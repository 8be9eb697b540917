// Where the rules in force come from, and the admin policy on edits (issue 10 items 7 and 8).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { openStore, type Store } from '../store'
import { AdminPassword } from '../enforcement/admin/admin-password'
import type { Lockout } from '../risk/plan'
import { RulesService } from './rules-service'

const EXAMPLE = join(import.meta.dirname, '../../../resources/rules.example.yaml')
const stores: Store[] = []
const dirs: string[] = []
afterEach(() => {
  for (const s of stores.splice(0)) s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function setup(mode: 'live' | 'simulator', rulesFile?: string) {
  const clock = new ManualClock()
  const store = await openStore({ path: ':memory:', logger: new MemoryLogger() })
  stores.push(store)
  const admin = new AdminPassword(store.meta, clock, { cost: 2 ** 10 })
  const service = new RulesService({ store: store.rulesConfig, audit: store.audit, clock, admin, exampleFile: EXAMPLE, mode, ...(rulesFile ? { rulesFile } : {}) })
  return { service, admin, store }
}

const lockout: Lockout = { accountId: 1, ruleId: 'max_contracts', scope: { kind: 'account' }, expiry: { kind: 'indefinite' }, reason: 'x', setAt: 1 }

describe('RulesService', () => {
  it('issue 10 §7: example rules on the simulator, none on a live account until saved; a saved version wins in both', async () => {
    const sim = await setup('simulator')
    expect(sim.service.source).toBe('example')
    expect(sim.service.activeRuleCount()).toBeGreaterThan(5)
    const live = await setup('live')
    expect(live.service.source).toBe('none')
    expect(live.service.activeRuleCount()).toBe(0)
    await live.service.save('rules:\n  max_contracts: { limit: 2 }\n', undefined, [])
    live.service.reload('simulator')
    expect(live.service.source).toBe('saved')
    expect(live.service.activeRuleCount()).toBe(1)
  })

  it('a rules file is in force in every mode; a bad one is refused with line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-rules-'))
    dirs.push(dir)
    const good = join(dir, 'good.yaml')
    writeFileSync(good, 'rules:\n  max_contracts: { limit: 4 }\n')
    const { service } = await setup('live', good)
    expect(service.source).toBe('file')
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'rules:\n  max_contracts:\n    limit: lots\n')
    await expect(setup('live', bad)).rejects.toThrow(/line 3.*max_contracts\.limit/s)
  })

  it('RISK-CFG: check lists problems by line and path and changes nothing', async () => {
    const { service } = await setup('simulator')
    const before = service.document()
    const check = service.check('rules:\n  max_contracts:\n    limit: -1\n')
    expect(check.ok).toBe(false)
    expect(check.problems[0]).toMatchObject({ line: 3, path: 'rules.max_contracts.limit' })
    await expect(service.save('rules:\n  max_contracts:\n    limit: -1\n', undefined, [])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(service.document()).toEqual(before)
  })

  it('ROLE-1 tightening is at once; ROLE-2 loosening needs the password; LOCK-7 never while the affected lockout is active', async () => {
    const { service, admin, store } = await setup('live')
    const changes: number[] = []
    service.onChange((c) => changes.push((c.rules.max_contracts as { limit: number }).limit))
    await service.save('rules:\n  max_contracts: { limit: 5 }\n', undefined, [])
    await service.save('rules:\n  max_contracts: { limit: 3 }\n', undefined, [])
    await admin.setInitial('a good password')
    expect(service.check('rules:\n  max_contracts: { limit: 6 }\n').loosens).toBe(true)
    await expect(service.save('rules:\n  max_contracts: { limit: 6 }\n', undefined, [])).rejects.toMatchObject({ code: 'ADMIN_REQUIRED' })
    await expect(service.save('rules:\n  max_contracts: { limit: 6 }\n', 'a good password', [lockout])).rejects.toMatchObject({ code: 'LOCKOUT_ACTIVE' })
    await service.save('rules:\n  max_contracts: { limit: 6 }\n', 'a good password', [])
    expect(changes).toEqual([5, 3, 6])
    const rows = store.audit.list(10).filter((r) => r.category === 'settings')
    expect(rows[0]?.detail).toMatchObject({ before: expect.stringContaining('limit: 3'), after: expect.stringContaining('limit: 6') })
  })

  it('issue 10 §8: without a password set, loosening during a lockout is refused', async () => {
    const { service } = await setup('live')
    await service.save('rules:\n  max_contracts: { limit: 3 }\n', undefined, [])
    await expect(service.save('rules:\n  max_contracts: { limit: 9 }\n', undefined, [lockout])).rejects.toMatchObject({ code: 'LOCKOUT_ACTIVE' })
  })
})
