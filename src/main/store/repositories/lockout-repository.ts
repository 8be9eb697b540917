// SQLite LockoutStore over the lockouts table (migrations 20 + 50), speaking the risk core's Lockout type.
// Scope encoding: '' = the whole account, otherwise the symbol root (upper-case).
import type Database from 'better-sqlite3'
import type { Lockout, LockoutExpiry, LockoutScope } from '../../risk/plan'
import type { LockoutStore } from '../../ports/risk-store'

interface Row {
  account_id: number
  rule_id: string
  scope: string
  reason: string
  expiry_kind: LockoutExpiry['kind']
  expiry_at: number | null
  locked_until: number | null
  locked_at: number
}

export const scopeKey = (scope: LockoutScope): string => (scope.kind === 'account' ? '' : scope.root.toUpperCase())

function toLockout(r: Row): Lockout {
  const at = r.expiry_at ?? r.locked_until ?? 0
  const expiry: LockoutExpiry = r.expiry_kind === 'indefinite' ? { kind: 'indefinite' } : { kind: r.expiry_kind, at }
  return { accountId: r.account_id, ruleId: r.rule_id, scope: r.scope === '' ? { kind: 'account' } : { kind: 'symbol', root: r.scope }, expiry, reason: r.reason, setAt: r.locked_at }
}

export class SqliteLockoutRepository implements LockoutStore {
  private readonly replaceTx: (lockout: Lockout) => void
  private readonly clearStmt: Database.Statement
  private readonly activeStmt: Database.Statement

  constructor(db: Database.Database) {
    const retire = db.prepare(`UPDATE lockouts SET cleared_at = @at, cleared_by = 'replaced', updated_at = @at
      WHERE account_id = @accountId AND rule_id = @ruleId AND scope = @scope AND cleared_at IS NULL`)
    const insert = db.prepare(`INSERT INTO lockouts (account_id, rule_id, scope, reason, expiry_kind, locked_until, expiry_at, locked_at, updated_at)
      VALUES (@accountId, @ruleId, @scope, @reason, @kind, @until, @expiryAt, @at, @at)`)
    // One transaction: the old row retired and the new one written, or neither (the partial unique index allows one active).
    this.replaceTx = db.transaction((l: Lockout) => {
      const base = { accountId: l.accountId, ruleId: l.ruleId, scope: scopeKey(l.scope), at: l.setAt }
      retire.run(base)
      const expiryAt = l.expiry.kind === 'indefinite' ? null : l.expiry.at
      insert.run({ ...base, reason: l.reason, kind: l.expiry.kind, until: l.expiry.kind === 'until' ? l.expiry.at : null, expiryAt })
    })
    this.clearStmt = db.prepare(`UPDATE lockouts SET cleared_at = @at, cleared_by = @by, clear_reason = @reason, updated_at = @at
      WHERE cleared_at IS NULL AND account_id = @accountId AND rule_id = @ruleId AND scope = @scope`)
    this.activeStmt = db.prepare(`SELECT * FROM lockouts WHERE cleared_at IS NULL AND (expiry_kind <> 'until' OR locked_until > @now)
      AND (@accountId IS NULL OR account_id = @accountId) ORDER BY locked_at, id`)
  }

  save(lockout: Lockout): void {
    this.replaceTx(lockout)
  }

  clear(accountId: number, ruleId: string, scope: LockoutScope, clearedBy: string, reason: string, at: number): boolean {
    return this.clearStmt.run({ accountId, ruleId, scope: scopeKey(scope), by: clearedBy, reason, at }).changes > 0
  }

  active(now: number, accountId?: number): Lockout[] {
    return (this.activeStmt.all({ now, accountId: accountId ?? null }) as Row[]).map(toLockout)
  }
}
