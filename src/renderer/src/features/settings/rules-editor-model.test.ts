// The rules editor's save state and problem placement.
import { describe, expect, it } from 'vitest'
import { problemsByLine, saveState } from './rules-editor-model'
import { fakeCheckRules } from '../../../../../test/fakes/fake-engine'
import { CANNED_RULES_YAML } from '../../../../../test/fakes/canned-dashboard'

describe('rules editor model', () => {
  it('places problems on their line and says the edit is invalid', () => {
    const bad = CANNED_RULES_YAML.replace('limit: 500', 'limit: lots')
    const check = fakeCheckRules(CANNED_RULES_YAML, bad)
    expect([...problemsByLine(check.problems).keys()]).toEqual([6])
    expect(saveState(bad, CANNED_RULES_YAML, { yaml: bad, check })).toBe('invalid')
  })

  it('waits for the check of the current text, and asks for the password when it loosens', () => {
    const looser = CANNED_RULES_YAML.replace('limit: 500', 'limit: 800')
    const check = fakeCheckRules(CANNED_RULES_YAML, looser)
    expect(saveState(CANNED_RULES_YAML, CANNED_RULES_YAML, null)).toBe('unchanged')
    expect(saveState(looser, CANNED_RULES_YAML, null)).toBe('checking')
    expect(saveState(looser + ' ', CANNED_RULES_YAML, { yaml: looser, check })).toBe('checking')
    expect(saveState(looser, CANNED_RULES_YAML, { yaml: looser, check })).toBe('needs-password')
    const tighter = CANNED_RULES_YAML.replace('limit: 500', 'limit: 400')
    expect(saveState(tighter, CANNED_RULES_YAML, { yaml: tighter, check: fakeCheckRules(CANNED_RULES_YAML, tighter) })).toBe('ready')
  })
})
