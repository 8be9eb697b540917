// `npm run engine` must run under plain Node: nothing reachable from src/main/engine.ts may import
// `electron` (importing it outside Electron tries to download a binary and fails). Checked on the
// source import graph, and on the built bundle when one exists.
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const ENTRY = path.join(ROOT, 'src/main/engine.ts')

/** Runtime (non type-only) import specifiers of a TS source file. */
function runtimeImports(source: string): string[] {
  const out: string[] = []
  const statement = /^\s*(import|export)\s+(type\s+)?([^;'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm
  for (const m of source.matchAll(statement)) {
    if (m[2] !== undefined) continue // `import type …` / `export type …`
    if (m[1] === 'export' && m[3] === undefined) continue
    out.push(m[4] ?? '')
  }
  for (const m of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] ?? '')
  return out
}

function resolveRelative(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && !candidate.endsWith(path.sep) && readdirSafe(candidate) === null) return candidate
  }
  return null
}
function readdirSafe(p: string): string[] | null {
  try {
    return readdirSync(p)
  } catch {
    return null
  }
}

/** Walks the graph; returns each file that imports electron, and imports that did not resolve. */
function walk(entry: string): { electron: string[]; unresolved: string[]; files: number } {
  const seen = new Set<string>()
  const electron: string[] = []
  const unresolved: string[] = []
  const stack = [entry]
  while (stack.length > 0) {
    const file = stack.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (spec === 'electron' || spec.startsWith('electron/')) electron.push(path.relative(ROOT, file))
      else if (spec.startsWith('.')) {
        const next = resolveRelative(file, spec)
        if (next === null) unresolved.push(`${path.relative(ROOT, file)} → ${spec}`)
        else stack.push(next)
      }
    }
  }
  return { electron, unresolved, files: seen.size }
}

describe('headless engine import graph', () => {
  it('reaches no module that imports electron', () => {
    const graph = walk(ENTRY)
    expect(graph.files).toBeGreaterThan(5)
    expect(graph.electron).toEqual([])
    // Every relative import must resolve, or part of the graph went unchecked.
    expect(graph.unresolved).toEqual([])
  })

  it('detects an electron import (the check itself can fail)', () => {
    expect(runtimeImports("import { app } from 'electron'\nimport type { X } from 'electron'")).toEqual(['electron'])
    expect(walk(path.join(ROOT, 'src/main/index.ts')).electron).toContain('src/main/index.ts')
  })

  const built = path.join(ROOT, 'out/main/engine.js')
  it.skipIf(!existsSync(built))('the built out/main/engine.js and its chunks import no electron (skipped when not built: run npm run build)', () => {
    const imported = new Set<string>()
    const collect = (file: string) => {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)["']([^"']+)["']/g)) imported.add(m[1] ?? '')
    }
    // Only the engine and the chunks it imports count; index.js (Electron) may import electron.
    collect(built)
    for (const spec of [...imported]) if (spec.startsWith('./chunks/')) collect(path.join(ROOT, 'out/main', spec))
    expect(imported.has('ws')).toBe(true)
    expect([...imported].filter((s) => s === 'electron' || s.startsWith('electron/'))).toEqual([])
  })
})
