// Parse the rules file (YAML or JSON) into a RiskConfig, or return every error at once, each with its
// line, column, field path and reason: zod issue paths are mapped to YAML node ranges via LineCounter.
import { LineCounter, isNode, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import { riskConfigSchema, type RiskConfig } from './schema'

export interface ConfigError {
  readonly line: number
  readonly column: number
  /** Dotted field path, e.g. rules.daily_realized_loss.loss_limit. */
  readonly path: string
  readonly reason: string
}

export type ParseResult = { readonly ok: true; readonly config: RiskConfig } | { readonly ok: false; readonly errors: readonly ConfigError[] }

export function parseRulesYaml(text: string): ParseResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0])
        return { line: pos.line, column: pos.col, path: '', reason: e.message.split('\n')[0] ?? e.message }
      }),
    }
  }
  const parsed = riskConfigSchema.safeParse(doc.toJS() ?? {})
  if (parsed.success) return { ok: true, config: parsed.data }
  return { ok: false, errors: parsed.error.issues.map((issue) => locate(doc, lineCounter, issue)) }
}

function locate(doc: Document, lineCounter: LineCounter, issue: z.core.$ZodIssue): ConfigError {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
  // Walk down to the deepest node that exists: a missing key is reported at its parent.
  let depth = path.length
  let node: unknown = undefined
  for (; depth >= 0; depth--) {
    node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    if (isNode(node) && node.range) break
  }
  const offset = isNode(node) && node.range ? node.range[0] : 0
  const pos = lineCounter.linePos(offset)
  return { line: pos.line, column: pos.col, path: path.join('.'), reason: issue.message }
}

export function formatConfigError(e: ConfigError): string {
  return `line ${e.line}, column ${e.column}: ${e.path || '(file)'}: ${e.reason}`
}
