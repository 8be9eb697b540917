// Ends exhaustive switches: a new union member becomes a compile error here instead of a silent fallthrough.
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`)
}
