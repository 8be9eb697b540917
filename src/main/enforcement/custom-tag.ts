// Order intent tags `rm:{accountId}:{reason}:{ulid}` (IDEM-1) and a small ULID with injectable clock and randomness.

import { randomBytes } from 'node:crypto'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Source of random bytes; tests pass a deterministic one. */
export type RandomBytes = (length: number) => Uint8Array

/**
 * A ULID generator: 48-bit millisecond time + 80 random bits, Crockford base32, 26 chars. Within one
 * millisecond the random part is incremented so tags stay unique and sortable even from a fixed clock.
 */
export function createUlidFactory(
  now: () => number,
  random: RandomBytes = (n) => randomBytes(n),
): () => string {
  let lastTime = -1
  let lastRandom: number[] = []
  return () => {
    const time = Math.max(0, Math.floor(now()))
    if (time === lastTime) {
      lastRandom = increment(lastRandom)
    } else {
      lastTime = time
      lastRandom = [...random(10)].map((b) => b & 0xff)
    }
    return encodeTime(time) + encodeRandom(lastRandom)
  }
}

function encodeTime(time: number): string {
  let out = ''
  let t = time
  for (let i = 0; i < 10; i++) {
    out = (CROCKFORD[t % 32] ?? '0') + out
    t = Math.floor(t / 32)
  }
  return out
}

function encodeRandom(bytes: readonly number[]): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31] ?? '0'
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}

function increment(bytes: readonly number[]): number[] {
  const next = [...bytes]
  for (let i = next.length - 1; i >= 0; i--) {
    const b = (next[i] ?? 0) + 1
    next[i] = b & 0xff
    if (b <= 0xff) break
  }
  return next
}

/** Reason part of a tag: short, no separators, nothing free-form (the tag is sent to the gateway). */
export function sanitizeReason(reason: string): string {
  const cleaned = reason
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 24)
  return cleaned.length > 0 ? cleaned : 'unspecified'
}

/** IDEM-1: one tag per intent, never reused. */
export function makeCustomTag(accountId: number, reason: string, ulid: string): string {
  return `rm:${accountId}:${sanitizeReason(reason)}:${ulid}`
}

/** Parses our own tags; null for anything else (orders placed by the trader or other tools). */
export function parseCustomTag(tag: string): { accountId: number; reason: string; ulid: string } | null {
  const match = /^rm:(\d+):([A-Za-z0-9_-]+):([0-9A-HJKMNP-TV-Z]{26})$/.exec(tag)
  if (match === null) return null
  return { accountId: Number(match[1]), reason: match[2] ?? '', ulid: match[3] ?? '' }
}
