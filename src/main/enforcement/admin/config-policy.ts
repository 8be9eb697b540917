// Who may change the rules, and when (ROLE-1, LOCK-7): tightening is always allowed at once; loosening
// needs the admin password and never takes effect while a lockout of an affected rule is active. The
// classifier is generic over plain objects (rule key → settings) because the rules schema is written
// in parallel: enabled flags and numeric limits are compared, anything else that changed counts as loosening.
import type { Lockout } from '../../risk/plan'

export type RulesObject = Readonly<Record<string, unknown>>

export interface RuleChange {
  readonly ruleKey: string
  readonly path: string
  readonly direction: 'tighten' | 'loosen'
}

export interface PolicyOptions {
  /** The ruleId lockouts carry for a rule key (e.g. daily_realized_loss → RULE-003); identity by default. */
  readonly ruleIdOf?: (ruleKey: string) => string
  /** True for numeric settings where a larger value is stricter (cooldowns, lockout durations). */
  readonly largerIsTighter?: (path: string) => boolean
}

const defaultLargerIsTighter = (path: string): boolean => /cooldown|duration|lockout|grace_?period|seconds|minutes/i.test(path.split('.').pop() ?? '')

export interface AdminState {
  readonly passwordSet: boolean
  /** The admin password was verified for this change. */
  readonly verified: boolean
}

export type ConfigDecision =
  | { readonly kind: 'allowed'; readonly changes: readonly RuleChange[] }
  | { readonly kind: 'needs_password'; readonly loosening: readonly RuleChange[] }
  | { readonly kind: 'refused_lockout_active'; readonly loosening: readonly RuleChange[]; readonly lockouts: readonly Lockout[] }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Every changed setting of every rule, classified. An added rule tightens; a removed one loosens. */
export function classifyRulesChange(before: RulesObject, after: RulesObject, options: PolicyOptions = {}): RuleChange[] {
  const largerIsTighter = options.largerIsTighter ?? defaultLargerIsTighter
  const changes: RuleChange[] = []
  for (const ruleKey of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[ruleKey]
    const a = after[ruleKey]
    if (b === undefined) changes.push({ ruleKey, path: ruleKey, direction: 'tighten' })
    else if (a === undefined) changes.push({ ruleKey, path: ruleKey, direction: 'loosen' })
    else compare(ruleKey, ruleKey, b, a, largerIsTighter, changes)
  }
  return changes
}

function compare(ruleKey: string, path: string, b: unknown, a: unknown, largerIsTighter: (p: string) => boolean, out: RuleChange[]): void {
  if (isObject(b) && isObject(a)) {
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) compare(ruleKey, `${path}.${key}`, b[key], a[key], largerIsTighter, out)
    return
  }
  if (JSON.stringify(b) === JSON.stringify(a)) return
  if (path.endsWith('.enabled') && typeof b === 'boolean' && typeof a === 'boolean') {
    out.push({ ruleKey, path, direction: a ? 'tighten' : 'loosen' })
  } else if (typeof b === 'number' && typeof a === 'number') {
    // Loss limits may be written negative (-500): the magnitude is what binds.
    const grew = Math.abs(a) > Math.abs(b)
    out.push({ ruleKey, path, direction: grew === largerIsTighter(path) ? 'tighten' : 'loosen' })
  } else {
    // Unknown kinds of change (symbol lists, times, actions) are treated as loosening: the safe side.
    out.push({ ruleKey, path, direction: 'loosen' })
  }
}

/** Decides whether a rules change may take effect now. */
export function authorizeConfigChange(
  before: RulesObject,
  after: RulesObject,
  activeLockouts: readonly Lockout[],
  admin: AdminState,
  options: PolicyOptions = {},
): ConfigDecision {
  const changes = classifyRulesChange(before, after, options)
  const loosening = changes.filter((c) => c.direction === 'loosen')
  if (loosening.length === 0) return { kind: 'allowed', changes }
  const ruleIdOf = options.ruleIdOf ?? ((k: string) => k)
  const affected = new Set(loosening.flatMap((c) => [c.ruleKey, ruleIdOf(c.ruleKey)]))
  // LOCK-7: not even the admin loosens a rule out from under its own active lockout. Without a password
  // there is nobody to authorise anything, so any active lockout refuses loosening (issue 10 §8).
  const blocking = admin.passwordSet ? activeLockouts.filter((l) => affected.has(l.ruleId)) : [...activeLockouts]
  if (blocking.length > 0) return { kind: 'refused_lockout_active', loosening, lockouts: blocking }
  if (admin.passwordSet && !admin.verified) return { kind: 'needs_password', loosening }
  return { kind: 'allowed', changes }
}
