// Audit rows of enforcement: lockouts set and ended, in the account's own time zone; actions with latency.
import { describe, expect, it } from 'vitest'
import type { AuditEntry, AuditRepository } from '../ports/repositories'
import { createAccountState } from '../risk'
import type { Lockout } from '../risk/plan'
import { auditEnforcement, auditLockoutChanges } from './risk-audit'

function memoryAudit(): AuditRepository & { rows: Omit<AuditEntry, 'id'>[] } {
  const rows: Omit<AuditEntry, 'id'>[] = []
  return { rows, append: (e) => (rows.push(e), { ...e, id: rows.length }), list: () => [] }
}

const at = Date.parse('2026-12-02T15:00:00Z')
const lockout: Lockout = { accountId: 7, ruleId: 'daily_realized_loss', scope: { kind: 'account' }, expiry: { kind: 'daily_reset', at: Date.parse('2026-12-02T23:00:00Z') }, reason: 'loss', setAt: at }

describe('risk audit rows', () => {
  it("LOCK a new lockout is one critical row naming its end in the account's zone; its end is one info row", () => {
    const audit = memoryAudit()
    const before = createAccountState(7, at, { resetTime: '17:00', timeZone: 'America/New_York' })
    const locked = { ...before, lockouts: { 'daily_realized_loss|account': lockout } }
    const messages = auditLockoutChanges(audit, before, locked, at, false, (id) => id)
    expect(messages).toHaveLength(1)
    expect(audit.rows[0]).toMatchObject({ severity: 'critical', accountId: 7, detail: { ruleId: 'daily_realized_loss', shadow: false } })
    expect(audit.rows[0]?.message).toContain('6:00 PM EST')
    auditLockoutChanges(audit, locked, before, at + 1, false, (id) => id)
    expect(audit.rows[1]).toMatchObject({ severity: 'info', message: expect.stringContaining('Lockout ended') })
  })

  it('PIPE-8 an action row carries its latency from the event to the verified outcome; shadow rows say what would have been done', () => {
    const audit = memoryAudit()
    const base = { accountId: 7, ruleId: 'max_contracts', reason: '3 > 2', receivedAt: 100, plannedAt: 101, firstRequestAt: 102, attempts: 1, detail: null }
    auditEnforcement(audit, { ...base, action: 'close_all', verifiedAt: 160, outcome: 'verified', shadow: false }, 170)
    auditEnforcement(audit, { ...base, action: 'close_all', verifiedAt: null, outcome: 'shadow', shadow: true, firstRequestAt: null }, 170)
    auditEnforcement(audit, { ...base, action: 'set_lockout', verifiedAt: 101, outcome: 'applied', shadow: false }, 170)
    expect(audit.rows).toHaveLength(2)
    expect(audit.rows[0]).toMatchObject({ message: expect.stringContaining('verified in 60 ms'), detail: { latencyMs: 60, shadow: false } })
    expect(audit.rows[1]).toMatchObject({ severity: 'info', message: expect.stringMatching(/^Would have: closed every position/), detail: { latencyMs: null, shadow: true } })
  })
})
