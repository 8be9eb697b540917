// The per-run secret that guards the headless bridge: 32 random bytes, compared in constant time.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh secret as 64 lowercase hex characters (safe in a URL fragment and a subprotocol token). */
export function createAccessSecret(): string {
  return randomBytes(32).toString('hex')
}

/**
 * True when `offered` equals `expected`. Both are hashed first so the comparison takes the same time
 * whatever the offered length, and timingSafeEqual never sees buffers of different sizes.
 */
export function secretMatches(expected: string, offered: string | undefined | null): boolean {
  if (typeof offered !== 'string' || offered.length === 0 || offered.length > 1024) return false
  const a = createHash('sha256').update(expected, 'utf8').digest()
  const b = createHash('sha256').update(offered, 'utf8').digest()
  return timingSafeEqual(a, b)
}
