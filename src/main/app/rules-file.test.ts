// The rules file at start (issue 10 item 7, RISK-CFG-1): a good YAML or JSON file loads; a bad one is
// refused with every problem named by line, field and reason.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RulesFileError, loadRulesFile } from './rules-file'

const EXAMPLE = path.resolve(import.meta.dirname, '../../../resources/rules.example.yaml')

describe('loadRulesFile', () => {
  it('loads the shipped example rules', () => {
    const config = loadRulesFile(EXAMPLE)
    expect(Object.keys(config.rules).length).toBeGreaterThan(0)
  })

  it('accepts JSON (the format of earlier versions)', () => {
    const config = loadRulesFile('rules.json', () => JSON.stringify({ rules: { max_contracts: { enabled: true, limit: 2 } } }))
    expect(config.rules.max_contracts?.limit).toBe(2)
  })

  it('RISK-CFG-1 a bad file names each problem with its line and field, all at once', () => {
    const text = ['rules:', '  max_contracts:', '    enabled: true', '    limit: lots', '  daily_realized_loss:', '    enabled: maybe', ''].join('\n')
    let caught: unknown
    try {
      loadRulesFile('bad.yaml', () => text)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(RulesFileError)
    const error = caught as RulesFileError
    expect(error.problems.map((p) => [p.line, p.path])).toEqual(
      expect.arrayContaining([
        [4, 'rules.max_contracts.limit'],
        [6, 'rules.daily_realized_loss.enabled'],
      ]),
    )
    expect(error.message).toContain('line 4')
  })

  it('an unreadable file is refused with the reason', () => {
    expect(() => loadRulesFile('/nonexistent/rules.yaml')).toThrow(/could not be read|ENOENT/)
  })

  it('the example file is what a newcomer reads: every rule block is commented', () => {
    const lines = readFileSync(EXAMPLE, 'utf8').split('\n')
    const start = lines.indexOf('rules:')
    const end = lines.findIndex((line, i) => i > start && /^[a-z_]+:/.test(line))
    const ruleLines = lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => /^ {2}[a-z_]+:/.test(line))
    expect(ruleLines.length).toBeGreaterThanOrEqual(13)
    for (const line of ruleLines) expect(line, line).toContain('#')
  })
})
