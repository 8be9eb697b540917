// Field helpers for portfolio records: gateway timestamp parsing, field-by-field diffs and patch merging.

import type { FieldChange } from './mirror-types'

/**
 * Parses a gateway timestamp. .NET sends 7 fractional digits, which ECMAScript does not promise to
 * accept, so the fraction is trimmed to milliseconds first. Returns null when absent or unparseable.
 */
export function parseGatewayTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1')
  const ms = Date.parse(trimmed)
  return Number.isNaN(ms) ? null : ms
}

/** Field-by-field differences of two flat records (undefined and null are treated alike). */
export function diffFields<T extends object>(
  before: T,
  after: T,
  ignore: readonly string[] = [],
): FieldChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  const out: FieldChange[] = []
  for (const key of keys) {
    if (ignore.includes(key)) continue
    const b = (before as Record<string, unknown>)[key] ?? null
    const a = (after as Record<string, unknown>)[key] ?? null
    if (b !== a) out.push({ field: key, before: b, after: a })
  }
  return out
}

/** Copy of `base` overwritten by every field of `patch` that is not undefined (hub frames omit nulls). */
export function mergeDefined<T extends object>(base: T, patch: T): T {
  const out = { ...base } as Record<string, unknown>
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = value
  return out as T
}
