// Classifier tests: ERR-1..5, table-driven over every endpoint's swagger errorCode enum.
import { describe, expect, it } from 'vitest'
import { PX_PATHS, type PxEndpoint } from '../../../shared/projectx/endpoints'
import { classifyAttempt, type RawAttempt } from './classify'
import { ENDPOINTS, lookupErrorCode } from './endpoint-table'
import { GatewayError, sanitizeServerMessage } from './gateway-error'

const http = (status: number, body: unknown, retryAfterMs: number | null = null): RawAttempt => ({
  kind: 'http',
  status,
  body,
  retryAfterMs,
})
const envelope = (errorCode: number, extra: Record<string, unknown> = {}) => ({
  success: errorCode === 0,
  errorCode,
  errorMessage: errorCode === 0 ? null : 'nope',
  ...extra,
})
const allEndpoints = Object.keys(PX_PATHS) as PxEndpoint[]

function errorOf(c: ReturnType<typeof classifyAttempt>): GatewayError {
  if (c.ok) throw new Error('expected a failure')
  return c.error
}

describe('classifyAttempt', () => {
  it('ERR-1 checks transport first, then HTTP status, then the envelope', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    })
    const t = classifyAttempt('searchAccounts', { kind: 'transport', error: refused })
    expect(errorOf(t).category).toBe('NETWORK')
    expect(errorOf(t).networkCode).toBe('ECONNREFUSED')
    expect(t.ok ? null : t.delivery).toBe('not_sent')
    // A 401 with an envelope that claims success is still an auth failure: status wins over body.
    expect(errorOf(classifyAttempt('searchAccounts', http(401, envelope(0)))).category).toBe('AUTH')
    expect(errorOf(classifyAttempt('searchAccounts', http(429, null))).category).toBe('RATE_LIMITED')
    expect(errorOf(classifyAttempt('searchAccounts', http(503, envelope(0)))).category).toBe('SERVER')
    expect(
      errorOf(classifyAttempt('searchAccounts', http(400, { title: 'One or more validation errors' })))
        .category,
    ).toBe('CLIENT')
    expect(errorOf(classifyAttempt('placeOrder', http(200, envelope(3)))).category).toBe('BUSINESS')
    const ok = classifyAttempt('searchAccounts', http(200, { ...envelope(0), accounts: [] }))
    expect(ok.ok).toBe(true)
  })

  it('ERR-1 maps timeouts, aborts, ECONNRESET and malformed bodies', () => {
    const timeout = classifyAttempt('placeOrder', { kind: 'timeout', afterMs: 10_000 })
    expect(errorOf(timeout).category).toBe('TIMEOUT')
    expect(timeout.ok ? null : timeout.delivery).toBe('unknown')
    const reset = classifyAttempt('placeOrder', {
      kind: 'transport',
      error: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }),
    })
    expect(errorOf(reset).networkCode).toBe('ECONNRESET')
    expect(reset.ok ? null : reset.delivery).toBe('unknown')
    expect(errorOf(classifyAttempt('searchAccounts', { kind: 'aborted' })).category).toBe('ABORTED')
    expect(errorOf(classifyAttempt('searchAccounts', http(200, '<html>proxy</html>'))).category).toBe(
      'MALFORMED',
    )
    expect(
      errorOf(classifyAttempt('searchAccounts', http(200, { success: false, errorCode: 0 }))).category,
    ).toBe('MALFORMED')
  })

  it('ERR-2 every endpoint has a table and every swagger code maps to its own name', () => {
    for (const endpoint of allEndpoints) {
      const codes = ENDPOINTS[endpoint].codes
      expect(codes.Success, endpoint).toBe(0)
      for (const [name, code] of Object.entries(codes)) {
        const lookup = lookupErrorCode(endpoint, code)
        expect(lookup.name, `${endpoint}:${code}`).toBe(name)
        if (code === 0) continue
        const c = classifyAttempt(endpoint, http(200, envelope(code)))
        const error = errorOf(c)
        expect(error.errorName).toBe(name)
        expect(error.errorCode).toBe(code)
        expect(error.endpoint).toBe(endpoint)
        if (name === 'UnknownError') {
          expect(error.category).toBe('UNKNOWN_ERROR')
          expect(error.retryable).toBe(true)
          expect(c.ok ? null : c.breaker).toBe('failure')
        } else {
          expect(error.category).toBe('BUSINESS')
          expect(error.retryable).toBe(false)
          expect(c.ok ? null : c.breaker).toBe('neutral')
        }
      }
    }
  })

  it('ERR-2 the same integer means different things per endpoint', () => {
    expect(lookupErrorCode('placeOrder', 2).name).toBe('OrderRejected')
    expect(lookupErrorCode('cancelOrder', 2).name).toBe('OrderNotFound')
    expect(lookupErrorCode('closePosition', 5).name).toBe('OrderRejected')
    expect(lookupErrorCode('partialClosePosition', 5).name).toBe('InvalidCloseSize')
    expect(lookupErrorCode('cancelOrder', 5).kind).toBe('unknownError')
    expect(lookupErrorCode('placeOrder', 5).kind).toBe('business')
  })

  it('ERR-2 an unknown code maps to UNKNOWN_CODE, not retried, breaker-neutral', () => {
    const c = classifyAttempt('searchAccounts', http(200, envelope(42)))
    const error = errorOf(c)
    expect(error.category).toBe('UNKNOWN_CODE')
    expect(error.errorName).toBe('Unknown(42)')
    expect(error.retryable).toBe(false)
    expect(c.ok ? null : c.breaker).toBe('neutral')
  })

  it('ERR-3 business rejections of writes are never retryable and never breaker failures', () => {
    const business: Record<string, number[]> = {
      placeOrder: [1, 2, 3, 4, 5, 6, 8, 9, 10],
      cancelOrder: [1, 2, 3, 4, 6],
      modifyOrder: [1, 2, 3, 4, 6, 7],
      closePosition: [1, 2, 3, 4, 5, 6, 8],
    }
    for (const [endpoint, codes] of Object.entries(business)) {
      for (const code of codes) {
        const c = classifyAttempt(endpoint as PxEndpoint, http(200, envelope(code, { orderId: 9057 })))
        expect(
          c.ok ? null : [c.error.category, c.error.retryable, c.breaker, c.delivery],
          `${endpoint}:${code}`,
        ).toEqual(['BUSINESS', false, 'neutral', 'processed'])
      }
    }
  })

  it('ERR-4 UnknownError is retryable (reads) and possibly executed (writes)', () => {
    const c = classifyAttempt('closePosition', http(200, envelope(7)))
    expect(c.ok ? null : [c.error.category, c.error.retryable, c.delivery]).toEqual([
      'UNKNOWN_ERROR',
      true,
      'unknown',
    ])
  })

  it('RETRY-2 retryable statuses and network codes; 400/403/404 are not', () => {
    for (const status of [408, 429, 500, 502, 503, 504])
      expect(errorOf(classifyAttempt('searchOrders', http(status, null))).retryable, String(status)).toBe(
        true,
      )
    for (const status of [400, 403, 404, 405])
      expect(errorOf(classifyAttempt('searchOrders', http(status, null))).retryable, String(status)).toBe(
        false,
      )
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN']) {
      const agg = Object.assign(new AggregateError([Object.assign(new Error(code), { code })]), {})
      const error = errorOf(
        classifyAttempt('searchOrders', {
          kind: 'transport',
          error: new TypeError('fetch failed', { cause: agg }),
        }),
      )
      expect([error.networkCode, error.retryable], code).toEqual([code, true])
    }
    expect(
      errorOf(classifyAttempt('searchOrders', { kind: 'transport', error: new TypeError('Invalid URL') }))
        .retryable,
    ).toBe(false)
  })

  it('CB-2 401 and 429 are breaker-neutral; 5xx, timeouts and network errors are failures', () => {
    const effect = (raw: RawAttempt) => {
      const c = classifyAttempt('searchOrders', raw)
      return c.ok ? 'success' : c.breaker
    }
    expect(effect(http(401, null))).toBe('neutral')
    expect(effect(http(429, null))).toBe('neutral')
    expect(effect(http(500, null))).toBe('failure')
    expect(effect({ kind: 'timeout', afterMs: 1 })).toBe('failure')
    expect(effect({ kind: 'transport', error: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })).toBe(
      'failure',
    )
  })

  it('ERR-5 the error carries every field and its AppError never leaks a token, key or account name', () => {
    const secretMessage =
      'Account 150KTC-V2-478426-52758441 denied for eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abcDEF123 key=' +
      'A'.repeat(40)
    const error = errorOf(
      classifyAttempt(
        'placeOrder',
        http(200, { success: false, errorCode: 4, errorMessage: secretMessage, orderId: null }),
      ),
    )
    expect(error).toMatchObject({
      category: 'BUSINESS',
      retryable: false,
      messageKey: 'gateway.placeOrder.AccountViolation',
      endpoint: 'placeOrder',
      httpStatus: 200,
      errorCode: 4,
      errorName: 'AccountViolation',
      errorMessage: secretMessage,
    })
    const app = error.toAppError()
    expect(app.code).toBe('BUSINESS_REJECTED')
    const shown = JSON.stringify(app)
    expect(shown).toContain('AccountViolation')
    expect(shown).not.toContain('eyJ')
    expect(shown).not.toContain('AAAAAAAAAA')
    expect(shown).not.toContain('150KTC-V2-478426')
    expect(shown).toContain('***441')
    expect(GatewayError.is(error)).toBe(true)
  })

  it('ERR-5 toAppError maps categories to AppError codes', () => {
    expect(errorOf(classifyAttempt('searchOrders', http(401, null))).toAppError().code).toBe('AUTH_FAILED')
    expect(errorOf(classifyAttempt('searchOrders', http(429, null))).toAppError().code).toBe('RATE_LIMITED')
    expect(errorOf(classifyAttempt('searchOrders', http(502, null))).toAppError()).toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
      retryable: true,
    })
    expect(
      new GatewayError({ endpoint: 'searchOrders', category: 'CIRCUIT_OPEN', retryable: true }).toAppError()
        .code,
    ).toBe('GATEWAY_UNAVAILABLE')
    expect(sanitizeServerMessage(null)).toBeNull()
    expect(sanitizeServerMessage('Invalid symbol')).toBe('Invalid symbol')
  })
})
