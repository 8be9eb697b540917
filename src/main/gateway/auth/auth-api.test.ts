// Unit tests of the pipeline-backed AuthApi over a fake fetch: body-based results (KEY-2), timeouts (TOK-6), no secrets in results.
import { describe, expect, it } from 'vitest'
import { standaloneAuthApi } from '../../../../test/support/auth/standalone-auth-api'

interface Seen {
  url: string
  headers: Record<string, string>
  body: string
}

function fakeFetch(reply: (seen: Seen) => Response | Promise<Response>, seen: Seen[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const entry = { url: String(input), headers: (init?.headers ?? {}) as Record<string, string>, body: String(init?.body ?? '') }
    seen.push(entry)
    const signal = init?.signal
    return await new Promise<Response>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))
      Promise.resolve(reply(entry)).then(resolve, reject)
    })
  }) as typeof fetch
}

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status })

describe('PipelineAuthApi', () => {
  it('KEY-2 HTTP 200 with success:false is a rejected login carrying the code', async () => {
    const api = standaloneAuthApi({ baseUrl: 'http://gw/', fetch: fakeFetch(() => json({ token: null, success: false, errorCode: 3, errorMessage: null })) })
    const result = await api.loginKey('jane', 'SECRET-KEY')
    expect(result).toEqual({ ok: false, kind: 'rejected', errorCode: 3, errorName: 'InvalidCredentials', message: null })
    expect(JSON.stringify(result)).not.toContain('SECRET-KEY')
  })

  it('KEY-1 loginKey posts userName and apiKey to /api/Auth/loginKey and returns the token', async () => {
    const seen: Seen[] = []
    const api = standaloneAuthApi({ baseUrl: 'http://gw', fetch: fakeFetch(() => json({ token: 'T1', success: true, errorCode: 0, errorMessage: null }), seen) })
    expect(await api.loginKey('jane', 'K')).toEqual({ ok: true, token: 'T1' })
    expect(seen[0]?.url).toBe('http://gw/api/Auth/loginKey')
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ userName: 'jane', apiKey: 'K' })
    expect(seen[0]?.headers.Authorization).toBeUndefined()
  })

  it('TOK-5 validate sends the bearer token and returns newToken', async () => {
    const seen: Seen[] = []
    const api = standaloneAuthApi({ baseUrl: 'http://gw', fetch: fakeFetch(() => json({ newToken: 'T2', success: true, errorCode: 0, errorMessage: null }), seen) })
    expect(await api.validate('T1')).toEqual({ ok: true, token: 'T2' })
    expect(seen[0]?.url).toBe('http://gw/api/Auth/validate')
    expect(seen[0]?.headers.Authorization).toBe('Bearer T1')
  })

  it('TOK-7 validate success:false code 1 is a rejected result (not transport)', async () => {
    const api = standaloneAuthApi({ baseUrl: 'http://gw', fetch: fakeFetch(() => json({ newToken: null, success: false, errorCode: 1, errorMessage: 'x' })) })
    expect(await api.validate('T1')).toMatchObject({ ok: false, kind: 'rejected', errorCode: 1, errorName: 'InvalidSession' })
  })

  it('TOK-6 5xx is an http failure and a hung request times out as transport', async () => {
    const http = standaloneAuthApi({ baseUrl: 'http://gw', fetch: fakeFetch(() => new Response('boom', { status: 503 })) })
    expect(await http.validate('T1')).toMatchObject({ ok: false, kind: 'http', status: 503 })
    const hung = standaloneAuthApi({ baseUrl: 'http://gw', validateTimeoutMs: 5, fetch: fakeFetch(() => new Promise<Response>(() => undefined)) })
    expect(await hung.validate('T1')).toMatchObject({ ok: false, kind: 'transport', reason: 'timeout' })
  })

  it('KEY-2 a network error yields a transport result without the key or token in it', async () => {
    const api = standaloneAuthApi({
      baseUrl: 'http://gw',
      fetch: (async () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
      }) as typeof fetch,
    })
    const result = await api.loginKey('jane', 'SECRET-KEY')
    expect(result).toMatchObject({ ok: false, kind: 'transport' })
    expect(JSON.stringify(result)).toContain('ECONNREFUSED')
    expect(JSON.stringify(result)).not.toContain('SECRET-KEY')
  })

  it('SESS-1 logout is best effort and reports failures as values', async () => {
    const ok = standaloneAuthApi({ baseUrl: 'http://gw', fetch: fakeFetch(() => json({ success: true, errorCode: 0, errorMessage: null })) })
    expect(await ok.logout('T1')).toEqual({ ok: true })
    const hung = standaloneAuthApi({ baseUrl: 'http://gw', logoutTimeoutMs: 5, fetch: fakeFetch(() => new Promise<Response>(() => undefined)) })
    expect(await hung.logout('T1')).toEqual({ ok: false, reason: 'timeout' })
  })
})
