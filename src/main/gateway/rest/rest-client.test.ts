// Wire-level tests of RestClient against a scripted local HTTP server: TOK-10/11, RETRY-*, CB-5, RATE-6.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { PRIORITY } from '../../ports/gateway'
import { GatewayError } from './gateway-error'
import { RestClient, type RestClientOptions } from './rest-client'
import { FakeTokenSource, ok, rejected, startScriptServer, type ScriptServer } from '../../../../test/support/rest/wire-test-support'

let server: ScriptServer
let tokens: FakeTokenSource
let logger: MemoryLogger
const clients: RestClient[] = []

beforeEach(async () => {
  server = await startScriptServer()
  tokens = new FakeTokenSource()
  logger = new MemoryLogger()
})

afterEach(async () => {
  for (const c of clients.splice(0)) c.dispose()
  await server.close()
})

function client(extra: Partial<RestClientOptions> = {}): RestClient {
  const c = new RestClient({
    baseUrl: server.url + '/',
    tokenSource: tokens,
    logger,
    random: () => 0.5,
    retry: { baseMs: 5, maxMs: 20 },
    ...extra,
  })
  clients.push(c)
  return c
}

async function caught(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p
  } catch (error) {
    if (GatewayError.is(error)) return error
    throw error
  }
  throw new Error('expected a GatewayError')
}

describe('RestClient reads', () => {
  it('sends POST JSON with the bearer token and parses the payload', async () => {
    server.script.push({
      status: 200,
      body: ok({ accounts: [{ id: 1, name: 'A', balance: 1, canTrade: true, isVisible: true }] }),
    })
    const accounts = await client().searchAccounts(true)
    expect(accounts.map((a) => a.id)).toEqual([1])
    expect(server.seen[0]).toMatchObject({
      method: 'POST',
      path: '/api/Account/search',
      authorization: 'Bearer t1',
      contentType: 'application/json',
      body: { onlyActiveAccounts: true },
    })
  })

  it('TOK-10 a 401 triggers one refresh and exactly one replay with the new token', async () => {
    server.script.push({ status: 401 }, { status: 200, body: ok({ positions: [] }) })
    expect(await client().searchOpenPositions(7)).toEqual([])
    expect(tokens.refreshes).toEqual(['401'])
    expect(server.seen.map((r) => r.authorization)).toEqual(['Bearer t1', 'Bearer t2'])
  })

  it('RETRY-3 a second 401 gives a typed auth error (AUTH_FAILED), no third request', async () => {
    server.fallback = () => ({ status: 401 })
    const error = await caught(client().searchOpenOrders(7))
    expect(error.category).toBe('AUTH')
    expect(error.toAppError().code).toBe('AUTH_FAILED')
    expect(server.seen.length).toBe(2)
    expect(tokens.refreshes.length).toBe(1)
  })

  it('TOK-10 a failed refresh ends the read with an auth error', async () => {
    tokens.failRefresh = true
    server.script.push({ status: 401 })
    const error = await caught(client().searchOpenOrders(7))
    expect(error.category).toBe('AUTH')
    expect(server.seen.length).toBe(1)
  })

  it('TOK-4 every attempt reads the current token at send time', async () => {
    const c = client()
    await c.searchOpenOrders(1).catch(() => undefined)
    tokens.token = 'proactively-refreshed'
    await c.searchOpenOrders(1).catch(() => undefined)
    expect(server.seen.map((r) => r.authorization)).toEqual(['Bearer t1', 'Bearer proactively-refreshed'])
  })

  it('RETRY-2 5xx on reads is retried with backoff and RETRY-9 each attempt is logged with attempt, delay and correlationId', async () => {
    server.script.push({ status: 503 }, { status: 500 }, { status: 200, body: ok({ trades: [] }) })
    expect(
      await client().searchTrades(1, '2026-01-01T00:00:00.000Z', undefined, { correlationId: 'req_test' }),
    ).toEqual([])
    expect(server.seen.length).toBe(3)
    const retries = logger.lines.filter((l) => l.message === 'rest retry scheduled')
    expect(retries.map((l) => [l.context?.attempt, l.context?.delayMs, l.context?.correlationId])).toEqual([
      [1, 5, 'req_test'],
      [2, 10, 'req_test'],
    ])
    const attempts = logger.lines.filter((l) => l.message.startsWith('rest attempt'))
    expect(attempts.map((l) => l.context?.attempt)).toEqual([1, 2, 3])
  })

  it('RETRY-1 reads give up after 3 retries (4 attempts)', async () => {
    server.fallback = () => ({ status: 502 })
    const error = await caught(client().searchOrders(1, '2026-01-01T00:00:00.000Z'))
    expect(error.category).toBe('SERVER')
    expect(error.httpStatus).toBe(502)
    expect(server.seen.length).toBe(4)
  })

  it('RETRY-2 a 400 is not retried', async () => {
    server.fallback = () => ({ status: 400, body: { title: 'validation' } })
    const error = await caught(client().searchOrders(1, 'bad'))
    expect(error.category).toBe('CLIENT')
    expect(server.seen.length).toBe(1)
  })

  it('ERR-3 a business rejection on a read is not retried', async () => {
    server.script.push({ status: 200, body: rejected(1, 'Account not found') })
    expect((await caught(client().searchOpenPositions(1))).errorName).toBe('AccountNotFound')
    expect(server.seen.length).toBe(1)
  })

  it('RETRY-2 a read that times out is retried; the caller signal aborts without retrying', async () => {
    server.script.push({ hang: true }, { status: 200, body: ok({ orders: [] }) })
    expect(await client().searchOpenOrders(1, { timeoutMs: 100 })).toEqual([])
    expect(server.seen.length).toBe(2)
    server.fallback = () => ({ hang: true })
    const controller = new AbortController()
    const pending = caught(client().searchOpenOrders(1, { signal: controller.signal }))
    await vi.waitFor(() => expect(server.seen.length).toBe(3))
    controller.abort()
    expect((await pending).category).toBe('ABORTED')
    expect(server.seen.length).toBe(3)
  })

  it('RATE-6 a 429 freezes the bucket for Retry-After and re-queues the read', async () => {
    const clock = new ManualClock(Date.now())
    server.script.push(
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 200, body: ok({ accounts: [] }) },
    )
    const pending = client({ clock }).searchAccounts(false)
    await vi.waitFor(() =>
      expect(logger.lines.some((l) => l.message === 'rest call re-queued after 429')).toBe(true),
    )
    clock.advance(1999)
    await new Promise((r) => setTimeout(r, 30))
    expect(server.seen.length).toBe(1)
    clock.advance(1)
    expect(await pending).toEqual([])
    expect(server.seen.length).toBe(2)
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('429'))).toBe(true)
  })

  it('sorts bars oldest first (the gateway sends newest first)', async () => {
    const bar = (t: string) => ({ t, o: 1, h: 1, l: 1, c: 1, v: 1 })
    server.script.push({
      status: 200,
      body: ok({
        bars: [
          bar('2026-01-01T10:02:00.1234567+00:00'),
          bar('2026-01-01T10:00:00+00:00'),
          bar('2026-01-01T10:01:00+00:00'),
        ],
      }),
    })
    const bars = await client().retrieveBars({
      contractId: 'X',
      live: false,
      startTime: 'a',
      endTime: 'b',
      unit: 2,
      unitNumber: 1,
      limit: 3,
      includePartialBar: false,
    })
    expect(bars.map((b) => b.t.slice(11, 16))).toEqual(['10:00', '10:01', '10:02'])
    expect(server.seen[0]?.path).toBe('/api/History/retrieveBars')
  })

  it('not-found lookups return null; a success without its list is MALFORMED, never an empty list', async () => {
    server.script.push(
      { status: 200, body: rejected(1, 'Order not found') },
      { status: 200, body: rejected(1) },
      { status: 200, body: ok() },
    )
    const c = client()
    expect(await c.searchOrderById(1, 2)).toBeNull()
    expect(await c.searchContractById('CON.X')).toBeNull()
    expect((await caught(c.searchOpenPositions(1))).category).toBe('MALFORMED')
  })

  it('without a token nothing is sent', async () => {
    tokens.token = null
    const error = await caught(client().searchAccounts(true))
    expect(error.toAppError().code).toBe('AUTH_FAILED')
    expect(server.seen.length).toBe(0)
  })

  it('never logs the Authorization header or token', async () => {
    tokens.token = 'eyJsecret.token.value'
    server.script.push({ status: 401 }, { status: 500 }, { status: 200, body: ok({ accounts: [] }) })
    await client().searchAccounts(true)
    expect(logger.dump()).not.toContain('eyJsecret')
    expect(logger.dump()).not.toContain('t2')
    expect(logger.dump().toLowerCase()).not.toContain('bearer')
  })
})

describe('RestClient writes', () => {
  const place = {
    accountId: 1,
    contractId: 'CON.F.US.MNQ.Z26',
    type: 2,
    side: 0,
    size: 1,
    customTag: 'rm:1:test:1',
  } as const

  it('TOK-11 a write that times out is uncertain and NOT resent', async () => {
    server.fallback = () => ({ hang: true })
    const outcome = await client({ timeouts: { placeMs: 100 } }).placeOrder(place)
    expect(outcome).toEqual({ kind: 'uncertain', reason: 'timeout' })
    await new Promise((r) => setTimeout(r, 50))
    expect(server.seen.length).toBe(1)
  })

  it('RETRY-5 a write answered 500 or UnknownError is uncertain and not resent', async () => {
    server.script.push({ status: 500 }, { status: 200, body: rejected(7, 'internal') })
    const c = client()
    expect(await c.closePosition(1, 'CON.X')).toEqual({ kind: 'uncertain', reason: 'http_500' })
    expect(await c.closePosition(1, 'CON.X')).toMatchObject({ kind: 'uncertain' })
    expect(server.seen.length).toBe(2)
  })

  it('TOK-11 a reply lost after send (connection reset) is uncertain and not resent', async () => {
    server.script.push({ reset: true })
    expect(await client().cancelOrder(1, 99)).toMatchObject({ kind: 'uncertain' })
    expect(server.seen.length).toBe(1)
  })

  it('ERR-3 a business rejection is rejected with its name and the orderId it may still carry', async () => {
    server.script.push({ status: 200, body: rejected(2, 'Invalid symbol', { orderId: 9057 }) })
    expect(await client().placeOrder(place)).toEqual({
      kind: 'rejected',
      errorCode: 2,
      errorName: 'OrderRejected',
      message: 'Invalid symbol',
      orderId: 9057,
    })
    expect(server.seen.length).toBe(1)
  })

  it('a successful place returns its orderId; ORD-2 cancel/modify use 5 s, place 10 s by default', async () => {
    server.script.push({ status: 200, body: ok({ orderId: 9056 }) })
    expect(await client().placeOrder(place)).toEqual({ kind: 'ok', orderId: 9056 })
    expect(server.seen[0]?.body).toEqual(place)
  })

  it('TOK-11 a write after 401 triggers the refresh and fails retryable without replay', async () => {
    server.script.push({ status: 401 })
    expect(await client().partialClosePosition(1, 'CON.X', 1)).toEqual({
      kind: 'failed',
      reason: 'auth',
      retryable: true,
    })
    expect(tokens.refreshes).toEqual(['401'])
    expect(server.seen.length).toBe(1)
  })

  it('a write refused before connecting (ECONNREFUSED) is failed and retryable', async () => {
    const url = server.url
    await server.close()
    server = await startScriptServer()
    const c = new RestClient({ baseUrl: url, tokenSource: tokens, logger })
    clients.push(c)
    expect(await c.closePosition(1, 'CON.X', { priority: PRIORITY.enforcement })).toEqual({
      kind: 'failed',
      reason: 'network:ECONNREFUSED',
      retryable: true,
    })
  })

  it('a write answered 429 freezes the bucket and fails retryable, not resent', async () => {
    server.script.push({ status: 429 })
    const c = client()
    expect(await c.modifyOrder({ accountId: 1, orderId: 2, size: 1 })).toEqual({
      kind: 'failed',
      reason: 'rate_limited',
      retryable: true,
    })
    expect(c.describeRestHealth().rateBuckets[0]?.remaining).toBe(0)
    expect(server.seen.length).toBe(1)
  })

  it('CB-5/CB-6 while OPEN reads fail fast without a request; enforcement writes are still sent', async () => {
    server.fallback = () => ({ status: 500 })
    const c = client({ retry: { maxRetries: 0 } })
    for (let i = 0; i < 5; i++) await c.searchOpenOrders(1).catch(() => undefined)
    expect(c.breaker('general').state).toBe('OPEN')
    const before = server.seen.length
    const error = await caught(c.searchOpenPositions(1))
    expect(error.category).toBe('CIRCUIT_OPEN')
    expect(await c.cancelOrder(1, 5)).toEqual({ kind: 'failed', reason: 'circuit_open', retryable: true })
    expect(server.seen.length).toBe(before)
    server.fallback = () => ({ status: 200, body: ok() })
    expect(await c.closePosition(1, 'CON.X', { priority: PRIORITY.enforcement })).toEqual({
      kind: 'ok',
      orderId: null,
    })
    expect(server.seen.length).toBe(before + 1)
    expect(c.breaker('general').state).toBe('HALF_OPEN')
  })

  it('HEALTH-1 describeRestHealth reports state, buckets and breakers; listeners hear changes', async () => {
    const c = client()
    const seen: string[] = []
    c.onHealthChange((d) => seen.push(d.state))
    // A valid reply: one whose list is missing is malformed and would (rightly, H12-3) not read HEALTHY.
    server.script.push({ status: 200, body: ok({ accounts: [] }) })
    await c.searchAccounts(true).catch(() => undefined)
    const d = c.describeRestHealth()
    expect(d.state).toBe('HEALTHY')
    expect(d.sampleCount).toBe(1)
    expect(d.rateBuckets.map((b) => b.name)).toEqual(['general', 'bars'])
    expect(d.breakers).toEqual([
      { group: 'general', state: 'CLOSED' },
      { group: 'history', state: 'CLOSED' },
    ])
    expect(seen).toEqual(['HEALTHY'])
  })
})
