// SQLite RulesConfigStore (migration 90): saved rules files verbatim with a sha256, so an unchanged save is
// recognisable and an exported copy can be matched to its version.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { RulesConfigAuthor, RulesConfigStore, RulesConfigVersion } from '../../ports/risk-store'

interface Row {
  id: number
  yaml: string
  sha256: string
  created_at: number
  created_by: RulesConfigAuthor
  note: string | null
}

const toVersion = (r: Row): RulesConfigVersion => ({ id: r.id, yaml: r.yaml, sha256: r.sha256, createdAt: r.created_at, createdBy: r.created_by, note: r.note })

export class SqliteRulesConfigRepository implements RulesConfigStore {
  private readonly insertStmt: Database.Statement
  private readonly listStmt: Database.Statement<[number], Row>

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare('INSERT INTO rules_config_versions (yaml, sha256, created_at, created_by, note) VALUES (?, ?, ?, ?, ?)')
    this.listStmt = db.prepare('SELECT * FROM rules_config_versions ORDER BY id DESC LIMIT ?')
  }

  save(yaml: string, by: RulesConfigAuthor, at: number, note?: string): RulesConfigVersion {
    const sha256 = createHash('sha256').update(yaml).digest('hex')
    const id = Number(this.insertStmt.run(yaml, sha256, at, by, note ?? null).lastInsertRowid)
    return { id, yaml, sha256, createdAt: at, createdBy: by, note: note ?? null }
  }

  latest(): RulesConfigVersion | null {
    return this.list(1)[0] ?? null
  }

  list(limit: number): RulesConfigVersion[] {
    return this.listStmt.all(Math.max(0, limit)).map(toVersion)
  }
}
