// JSON helpers: the gateway's hub frames omit null fields entirely.

/** A shallow copy without null/undefined fields (hub frames never carry `"x": null`). */
export function omitNulls<T extends object>(value: T): Partial<T> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = v
  return out as Partial<T>
}

/** REST models list every field, nulls included (as the swagger samples show). */
export function withNulls<T extends object>(value: T, keys: readonly string[]): T {
  const out = { ...value } as Record<string, unknown>
  for (const k of keys) if (out[k] === undefined) out[k] = null
  return out as T
}
