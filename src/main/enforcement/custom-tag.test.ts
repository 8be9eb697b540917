// Unit tests of customTag building and the ULID factory (IDEM-1).
import { describe, expect, it } from 'vitest'
import { createUlidFactory, makeCustomTag, parseCustomTag, sanitizeReason } from './custom-tag'

describe('custom tags', () => {
  it('IDEM-1 tag is rm:{accountId}:{reason}:{ulid} and parses back', () => {
    const ulid = createUlidFactory(() => 1_700_000_000_000, (n) => new Uint8Array(n).fill(7))()
    expect(ulid).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    const tag = makeCustomTag(42, 'kill-switch', ulid)
    expect(tag).toBe(`rm:42:kill-switch:${ulid}`)
    expect(parseCustomTag(tag)).toEqual({ accountId: 42, reason: 'kill-switch', ulid })
    expect(parseCustomTag('manual order')).toBeNull()
  })

  it('IDEM-1 tags are never reused: same clock and same random bytes still give unique, ordered ULIDs', () => {
    const wrap = createUlidFactory(() => 1_700_000_000_000, (n) => new Uint8Array(n).fill(255))
    expect(new Set(Array.from({ length: 1000 }, () => wrap())).size).toBe(1000)
    const next = createUlidFactory(() => 1_700_000_000_000, (n) => new Uint8Array(n).fill(7))
    const ids = Array.from({ length: 1000 }, () => next())
    expect(new Set(ids).size).toBe(1000)
    expect([...ids].sort()).toEqual(ids)
  })

  it('IDEM-1 reason is sanitized so the tag stays parseable', () => {
    expect(sanitizeReason('RULE 003: daily loss!')).toBe('RULE-003-daily-loss-')
    expect(sanitizeReason('')).toBe('unspecified')
    expect(sanitizeReason('x'.repeat(100))).toHaveLength(24)
  })
})
