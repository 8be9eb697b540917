// The core is a leaf: no I/O, no clock, no timers, no engine layers (issue 9 "done when", style.md 8).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('.', import.meta.url).pathname

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : []
  })
}

const FORBIDDEN: readonly [RegExp, string][] = [
  [/from\s+['"]node:/, 'imports node:*'],
  [/from\s+['"](fs|path|os|child_process|net|http|https)['"]/, 'imports a Node built-in'],
  [/from\s+['"]electron['"]/, 'imports electron'],
  [/from\s+['"][^'"]*\/(gateway|store|host|enforcement|app|ipc)\//, 'imports an engine layer (gateway/, store/, host/, enforcement/, app/, ipc/)'],
  // The domain records are the one thing the core shares with the portfolio (issue 7 item 1).
  [/from\s+['"][^'"]*\/portfolio\/(?!model['"])/, 'imports portfolio/ beyond its domain types (model.ts)'],
  [/Date\.now\s*\(/, 'reads the clock (Date.now)'],
  [/Temporal\.Now\b/, 'reads the clock (Temporal.Now)'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, 'uses a timer'],
  [/new\s+Date\s*\(\s*\)/, 'reads the clock (new Date())'],
]

describe('risk core purity (import graph)', () => {
  const files = sources(ROOT)
  it('finds the core files', () => {
    expect(files.length).toBeGreaterThan(15)
  })
  it.each(files.map((f) => [f.slice(ROOT.length)]))('%s imports no I/O, clock, timers or engine layers', (relative) => {
    const text = readFileSync(join(ROOT, relative), 'utf8')
    const violations = FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, why]) => why)
    expect(violations).toEqual([])
  })
})
