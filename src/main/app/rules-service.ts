// The rules in force and every change to them: where they come from (the rules file, a saved version, the
// example on the simulator, or none), validation with every problem by line and field, the diff, the
// admin policy (tightening at once; loosening needs the admin password and never lifts an active lockout,
// ROLE-1/2, LOCK-7), and an audit row with before and after for each change.
import { readFileSync } from 'node:fs'
import { createTwoFilesPatch } from 'diff'
import type { Clock } from '../ports/clock'
import type { AuditRepository } from '../ports/repositories'
import type { RulesConfigStore } from '../ports/risk-store'
import type { RulesCheck, RulesDocument, RulesProblemView, RulesSource } from '../../shared/domain/risk'
import { parseRulesYaml, type RiskConfig } from '../risk'
import { authorizeConfigChange, classifyRulesChange, type RulesObject } from '../enforcement/admin/config-policy'
import type { AdminPassword } from '../enforcement/admin/admin-password'
import type { Lockout } from '../risk/plan'
import { ruleLabel } from '../enforcement/risk-view'
import { loadRulesFile } from './rules-file'
import { RequestRefused } from './request-refused'

export interface RulesServiceDeps {
  readonly store: RulesConfigStore
  readonly audit: AuditRepository
  readonly clock: Clock
  readonly admin: AdminPassword
  /** TILTGUARD_RULES / --rules, read and validated at construction (a bad file stops the start). */
  readonly rulesFile?: string
  /** The example rules shipped in resources/, active on the simulator when nothing else is. */
  readonly exampleFile: string
  /** The mode at start; `reload` follows later switches. */
  readonly mode: 'live' | 'simulator'
}

interface InForce {
  readonly yaml: string
  readonly config: RiskConfig
  readonly source: RulesSource
  readonly version: number
  readonly updatedAt: number | null
}

const NO_RULES_YAML = '# No rules active. Add rules below and save.\nrules: {}\n'

export class RulesService {
  private current: InForce
  private mode: 'live' | 'simulator'
  private readonly listeners = new Set<(config: RiskConfig) => void>()

  constructor(private readonly deps: RulesServiceDeps) {
    this.mode = deps.mode
    this.current = this.initial()
  }

  /**
   * A mode switch: the example rules belong to the simulator only, so a live account starts with none
   * until the trader saves some. A rules file or a saved version stays in force in every mode.
   */
  reload(mode: 'live' | 'simulator'): void {
    this.mode = mode
    if (this.current.source === 'example' || this.current.source === 'none') {
      const next = this.initial()
      if (next.source !== this.current.source) {
        this.current = next
        for (const listener of this.listeners) listener(next.config)
      }
    }
  }

  get config(): RiskConfig {
    return this.current.config
  }

  get source(): RulesSource {
    return this.current.source
  }

  document(): RulesDocument {
    const { yaml, source, version, updatedAt } = this.current
    return { yaml, source, version, updatedAt }
  }

  /** Number of enabled rules in force (0 = "No rules active"). */
  activeRuleCount(): number {
    return Object.values(this.current.config.rules as Record<string, { enabled?: boolean } | undefined>).filter((r) => r !== undefined && r.enabled !== false).length
  }

  onChange(listener: (config: RiskConfig) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Validates an edit against the rules in force: nothing is saved. */
  check(yaml: string, activeLockouts: readonly Lockout[] = []): RulesCheck {
    const parsed = parseRulesYaml(yaml)
    const diff = unifiedDiff(this.current.yaml, yaml)
    if (!parsed.ok) {
      const problems: RulesProblemView[] = parsed.errors.map((e) => ({ line: e.line > 0 ? e.line : null, column: e.column > 0 ? e.column : null, path: e.path, message: e.reason }))
      return { ok: false, problems, diff, loosens: false, loosening: [] }
    }
    const changes = classifyRulesChange(rulesObject(this.current.config), rulesObject(parsed.config))
    const loosening = changes.filter((c) => c.direction === 'loosen').map((c) => `${ruleLabel(c.ruleKey)}: ${c.path} loosens`)
    const blocked = activeLockouts.filter((l) => changes.some((c) => c.direction === 'loosen' && c.ruleKey === l.ruleId))
    const extra = blocked.map((l) => `${ruleLabel(l.ruleId)} has an active lockout: loosening it waits until the lockout ends`)
    return { ok: true, problems: [], diff, loosens: loosening.length > 0, loosening: [...loosening, ...extra] }
  }

  /**
   * Saves an edit. A bad edit changes nothing (VALIDATION_FAILED with every problem); loosening needs the
   * admin password (ADMIN_REQUIRED) and is refused while a lockout it would affect is active.
   */
  async save(yaml: string, password: string | undefined, activeLockouts: readonly Lockout[], by: 'trader' | 'import' = 'trader'): Promise<RulesDocument> {
    const parsed = parseRulesYaml(yaml)
    if (!parsed.ok) {
      const problems = this.check(yaml).problems
      throw new RequestRefused('VALIDATION_FAILED', `The rules have ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was saved`, { problems })
    }
    const admin = this.deps.admin
    let verified = false
    if (password !== undefined && admin.isSet()) {
      await verifyAdmin(admin, password)
      verified = true
    }
    const decision = authorizeConfigChange(rulesObject(this.current.config), rulesObject(parsed.config), activeLockouts, { passwordSet: admin.isSet(), verified })
    if (decision.kind === 'refused_lockout_active') {
      const names = [...new Set(decision.lockouts.map((l) => ruleLabel(l.ruleId)))].join(', ')
      throw new RequestRefused('LOCKOUT_ACTIVE', `This edit loosens a rule while a lockout is active (${names}); it can be saved after the lockout ends`)
    }
    if (decision.kind === 'needs_password') {
      throw new RequestRefused('ADMIN_REQUIRED', `This edit loosens ${decision.loosening.map((c) => ruleLabel(c.ruleKey)).join(', ')}: enter the admin password`)
    }
    this.apply(yaml, parsed.config, by, verified ? 'admin' : 'trader')
    return this.document()
  }

  /** The rules in force as YAML text, for export. */
  exportYaml(): string {
    return this.current.yaml
  }

  private apply(yaml: string, config: RiskConfig, by: 'trader' | 'import', role: 'trader' | 'admin'): void {
    const at = this.deps.clock.now()
    const before = this.current
    const version = this.deps.store.save(yaml, by === 'import' ? 'import' : role, at)
    this.current = { yaml, config, source: 'saved', version: version.id, updatedAt: at }
    this.deps.audit.append({
      at,
      category: 'settings',
      severity: 'warning',
      message: `Rules changed by the ${role} (version ${version.id})`,
      accountId: null,
      detail: { before: before.yaml, after: yaml, versionBefore: before.version, versionAfter: version.id },
    })
    for (const listener of this.listeners) listener(config)
  }

  private initial(): InForce {
    const { rulesFile, store } = this.deps
    if (rulesFile !== undefined) {
      const config = loadRulesFile(rulesFile)
      return { yaml: readFileSync(rulesFile, 'utf8'), config, source: 'file', version: 0, updatedAt: null }
    }
    const saved = store.latest()
    if (saved !== null) {
      const parsed = parseRulesYaml(saved.yaml)
      if (parsed.ok) return { yaml: saved.yaml, config: parsed.config, source: 'saved', version: saved.id, updatedAt: saved.createdAt }
    }
    if (this.mode === 'simulator') {
      const yaml = readFileSync(this.deps.exampleFile, 'utf8')
      const parsed = parseRulesYaml(yaml)
      if (parsed.ok) return { yaml, config: parsed.config, source: 'example', version: 0, updatedAt: null }
    }
    const parsed = parseRulesYaml(NO_RULES_YAML)
    if (!parsed.ok) throw new Error('built-in empty rules do not parse')
    return { yaml: NO_RULES_YAML, config: parsed.config, source: 'none', version: 0, updatedAt: null }
  }
}

async function verifyAdmin(admin: AdminPassword, password: string): Promise<void> {
  try {
    await admin.verify(password)
  } catch (error) {
    throw adminRefusal(error)
  }
}

/** The admin password's own errors as refusals the trader can read. */
export function adminRefusal(error: unknown): RequestRefused {
  const code = (error as { code?: string }).code
  if (code === 'LOCKED') return new RequestRefused('ADMIN_LOCKED', error instanceof Error ? error.message : 'Admin actions are locked for a while')
  if (code === 'WRONG_PASSWORD') return new RequestRefused('ADMIN_REQUIRED', 'Wrong admin password')
  if (code === 'NOT_SET') return new RequestRefused('ADMIN_REQUIRED', 'No admin password is set: set one in Settings first')
  if (code === 'INVALID_LENGTH' || code === 'ALREADY_SET') return new RequestRefused('VALIDATION_FAILED', error instanceof Error ? error.message : String(error))
  return error instanceof RequestRefused ? error : new RequestRefused('VALIDATION_FAILED', error instanceof Error ? error.message : String(error))
}

function rulesObject(config: RiskConfig): RulesObject {
  return config.rules as RulesObject
}

function unifiedDiff(before: string, after: string): string[] {
  if (before === after) return []
  const patch = createTwoFilesPatch('in force', 'edited', before, after, '', '', { context: 2 })
  // Drop the file header lines; keep hunks and their +/- lines.
  return patch.split('\n').slice(4).filter((line) => line !== '\\ No newline at end of file' && line !== '')
}
