// The rules editor's bookkeeping, apart from React: which lines have problems, and what the save
// button may do given the engine's check of the text in the editor.
import type { RulesCheck, RulesProblemView } from '../../../../shared/domain/risk'

/** Problems by 1-based line; problems without a line go under 0. */
export function problemsByLine(problems: readonly RulesProblemView[]): ReadonlyMap<number, readonly RulesProblemView[]> {
  const out = new Map<number, RulesProblemView[]>()
  for (const p of problems) {
    const line = p.line ?? 0
    out.set(line, [...(out.get(line) ?? []), p])
  }
  return out
}

export type SaveState = 'unchanged' | 'checking' | 'invalid' | 'ready' | 'needs-password'

/** What saving `text` would do, from the check made for exactly that text (else still checking). */
export function saveState(text: string, saved: string | null, check: { readonly yaml: string; readonly check: RulesCheck } | null): SaveState {
  if (text === saved) return 'unchanged'
  if (check === null || check.yaml !== text) return 'checking'
  if (!check.check.ok) return 'invalid'
  return check.check.loosens ? 'needs-password' : 'ready'
}
