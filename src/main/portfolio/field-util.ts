// Field helpers for portfolio records: field-by-field diffs and the merge of an update into a held record.

import type { FieldChange } from './mirror-types'

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

/**
 * Copy of `held` overwritten by every field of `update` that is not null. In a domain record null means
 * "the gateway did not give it": hub frames omit null fields and REST leaves some out, so an update
 * without a value keeps the one already known (no field of these records goes back to null once set).
 */
export function mergeReported<T extends object>(held: T, update: T): T {
  const out = { ...held } as Record<string, unknown>
  for (const [key, value] of Object.entries(update)) if (value !== null && value !== undefined) out[key] = value
  return out as T
}
