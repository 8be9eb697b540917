// Structural sameness for pushed views, so an unchanged list or record keeps its reference and the
// components that select it do not re-render.

/** True when two plain JSON-like values are structurally equal. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** `current` when `next` is structurally equal to it, else `next`. */
export function keepIfSame<T>(current: T, next: T): T {
  return deepEqual(current, next) ? current : next
}
