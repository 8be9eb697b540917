// Redaction rules (LOG-1..3) including a seeded fuzz test that no secret survives.
import { describe, expect, it } from 'vitest'
import { REDACTED, Redactor, TOKEN_REDACTED, keepLast3 } from './redact'

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NSIsImV4cCI6MTk5OTk5OTk5OX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
const API_KEY = 'k7Qw9ZpL2mXv8RtY4bN6cD1eF3gH5jK0'

describe('redact', () => {
  it('LOG-2 values under secret-looking keys become [REDACTED], at any depth and any case', () => {
    const r = new Redactor()
    const input = {
      password: 'p', apiKey: API_KEY, API_SECRET: 's', token: 't', accessToken: 'a', refresh_token: 'r',
      Authorization: 'Bearer x', privateKey: 'k', clientSecret: 'c', credentials: { a: 1 }, sessionToken: 's', userName: 'trader1',
      nested: [{ deeper: { apikey: API_KEY } }],
    }
    const out = r.redact(input) as Record<string, unknown>
    for (const key of Object.keys(input).filter((k) => k !== 'nested')) expect(out[key]).toBe(REDACTED)
    expect(out.nested).toEqual([{ deeper: { apikey: REDACTED } }])
    expect(JSON.stringify(out)).not.toContain(API_KEY)
  })

  it('LOG-1 a JWT anywhere in a string becomes [TOKEN_REDACTED]', () => {
    const r = new Redactor()
    expect(r.redact(`got ${JWT} back`)).toBe(`got ${TOKEN_REDACTED} back`)
    expect(r.redact({ note: [`x:${JWT}`] })).toEqual({ note: [`x:${TOKEN_REDACTED}`] })
  })

  it('LOG-2 the hub URL access_token query value is removed', () => {
    const r = new Redactor()
    const url = `wss://rtc.topstepx.com/hubs/user?access_token=abc.def-ghi&x=1`
    expect(r.redact(url)).toBe(`wss://rtc.topstepx.com/hubs/user?access_token=${REDACTED}&x=1`)
    expect(r.redact('Authorization: Bearer abcdef123456')).toBe(`Authorization: Bearer ${REDACTED}`)
  })

  it('LOG-3 emails keep the first char, account names the last 3, numeric ids are kept', () => {
    const r = new Redactor()
    expect(r.redact('mail john@example.com now')).toBe('mail j***@example.com now')
    expect(r.redact({ userId: 'user_abc123', email: 'john@example.com', accountId: 123456789 })).toEqual({
      userId: 'user_***123',
      email: 'j***@example.com',
      accountId: 123456789,
    })
    expect(r.redact({ accountName: 'TOPSTEP-50K-998877' })).toEqual({ accountName: '***877' })
    expect(r.redact({ id: 42, name: 'TOPSTEP-50K-998877', balance: 1, canTrade: true })).toEqual({
      id: 42, name: '***877', balance: 1, canTrade: true,
    })
    expect(keepLast3('ab')).toBe('***')
  })

  it('LOG-2 registered secret values are scrubbed from any string, longest first', () => {
    const r = new Redactor()
    r.registerSecret(API_KEY)
    r.registerSecret('abc') // too short to scrub safely: ignored
    expect(r.redact({ message: `login with ${API_KEY}!`, list: [API_KEY.slice(0, 10), `${API_KEY}${API_KEY}`] })).toEqual({
      message: `login with ${REDACTED}!`,
      list: [API_KEY.slice(0, 10), `${REDACTED}${REDACTED}`],
    })
    expect(r.redact('abc')).toBe('abc')
    r.clearSecrets()
    expect(r.redact(API_KEY)).toBe(API_KEY)
  })

  it('errors, cycles, maps, bigints and throwing getters are handled without throwing', () => {
    const r = new Redactor()
    const err = new Error(`failed for ${JWT}`)
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    const hostile = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('x') } })
    const out = r.redact({ err, cyclic, map: new Map([['token', 'x']]), big: 2n ** 70n, hostile }) as Record<string, unknown>
    expect((out.err as Record<string, unknown>).message).toBe(`failed for ${TOKEN_REDACTED}`)
    expect(String((out.err as Record<string, unknown>).stack)).not.toContain(JWT)
    expect(out.cyclic).toEqual({ a: 1, self: '[Circular]' })
    expect(out.map).toEqual({ token: REDACTED })
    expect(out.big).toBe((2n ** 70n).toString())
    expect(out.hostile).toBe('[Unserializable]')
  })

  it('LOG-2 fuzz: no secret survives in 500 random nested structures', () => {
    let seed = 0x2f6e2b1
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x7fffffff
    }
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
    const secretKeys = ['password', 'apiKey', 'x-api-key', 'AccessToken', 'refreshToken', 'authorization', 'privateKey', 'mySecret', 'credentials', 'sessionToken', 'userName', 'token']
    const plainKeys = ['a', 'data', 'items', 'message', 'url', 'detail', 'orderId']
    const registered = `RegKey_${Math.floor(rand() * 1e9).toString(36)}_9f8e7d`
    const secrets = [JWT, API_KEY, registered]
    const r = new Redactor()
    r.registerSecret(API_KEY)
    r.registerSecret(registered)
    const carrier = (s: string): string =>
      pick([
        s,
        `prefix ${s} suffix`,
        `https://api.topstepx.com/hubs/user?access_token=${s}`,
        `Bearer ${s}`,
        `{"token":"${s}"}`,
      ])
    const build = (depth: number): unknown => {
      if (depth > 4 || rand() < 0.25) return rand() < 0.5 ? carrier(pick(secrets)) : Math.floor(rand() * 1e6)
      if (rand() < 0.3) return Array.from({ length: 1 + Math.floor(rand() * 3) }, () => build(depth + 1))
      const obj: Record<string, unknown> = {}
      for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) obj[rand() < 0.4 ? pick(secretKeys) : pick(plainKeys)] = build(depth + 1)
      return obj
    }
    for (let i = 0; i < 500; i++) {
      const text = JSON.stringify(r.redact(build(0)))
      for (const s of secrets) expect(text).not.toContain(s)
    }
  })

  it('H12-8 LOG-1 redaction: 100 token rotations never evict the API key or the user name; only old tokens go', () => {
    const r = new Redactor()
    const apiKey = 'k3y-ABCDEFGHIJKLMNOP'
    const userName = 'trader.jane'
    r.registerSecret(apiKey)
    r.registerSecret(userName)
    const token = (i: number): string => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx${i.toString().padStart(4, '0')}.sig${i}`
    for (let i = 0; i < 100; i++) r.registerSecret(token(i))
    // The user name is the shortest value: the old longest-first list with pop() evicted it first.
    const line = r.redactString(`login ${userName} with ${apiKey}`)
    expect(line).not.toContain(apiKey)
    expect(line).not.toContain(userName)
  })

  it('H12-8 redaction: only tokens are evicted, oldest first (kind given explicitly)', () => {
    const r = new Redactor()
    r.registerSecret('long-lived-secret-1')
    for (let i = 0; i < 70; i++) r.registerSecret(`opaque-token-${i}`, 'token')
    expect(r.redactString('opaque-token-0 opaque-token-69 long-lived-secret-1')).toBe(`opaque-token-0 ${'[REDACTED]'} ${'[REDACTED]'}`)
  })
})
