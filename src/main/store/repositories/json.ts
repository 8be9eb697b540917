// JSON column helpers shared by the repositories.

/** Serialises a value for a TEXT column; undefined becomes null so it round-trips as "absent". */
export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value)
}

/** Parses a TEXT column written by toJson. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T
}
