// The standalone simulator's HTTP control (issue 12 item 2): POST for changes, JSON only, loopback Host and
// Origin, a body cap, zod-checked arguments, only the operations' own names, and no input that crashes it.
import { request } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTROL_OPS } from '../../src/sim/control-schemas'
import { MAX_CONTROL_BODY_BYTES, invokeControl } from '../../src/sim/control-http'
import type { SimulatorHandle } from '../../src/sim/index'
import { MNQ, call, sim } from './helpers'

let s: SimulatorHandle
let port: number

beforeAll(async () => {
  s = await sim()
  port = Number(new URL(s.restUrl).port)
})
afterAll(() => s.close())

interface Raw {
  status: number
  body: Record<string, unknown>
}

/** A raw HTTP call, so Host and Origin can be set as a hostile page or a rebinding DNS name would. */
function raw(op: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers }
    const req = request({ host: '127.0.0.1', port, path: `/_sim/${op}`, method: opts.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} })
      })
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

describe('H12-2 HTTP control of the standalone simulator', () => {
  it('H12-2 changes need POST with application/json; GET serves reads only; a text/plain (CSRF-style) POST changes nothing', async () => {
    const before = s.control.now()
    expect((await raw('advanceClock', { method: 'GET' })).status).toBe(405)
    expect((await raw('expireTokens', { body: '', headers: { 'content-type': 'text/plain' } })).status).toBe(415)
    expect((await raw('advanceClock', { body: '{"ms":60000}', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415)
    expect(s.control.now() - before).toBeLessThan(60_000)
    const accounts = await raw('accounts', { method: 'GET' })
    expect(accounts.status).toBe(200)
    expect((accounts.body.result as Array<{ id: number }>).map((a) => a.id)).toEqual(s.accountIds)
    expect((await raw('clearLogs', { body: '', headers: { 'content-type': 'application/json; charset=utf-8' } })).status).toBe(200)
  })

  it('H12-2 Host and Origin must be loopback (DNS rebinding, web pages)', async () => {
    expect((await raw('accounts', { headers: { host: 'evil.example:80' } })).status).toBe(403)
    expect((await raw('accounts', { headers: { origin: 'https://evil.example' } })).status).toBe(403)
    expect((await raw('accounts', { headers: { origin: 'null' } })).status).toBe(403)
    expect((await raw('accounts', { headers: { host: `localhost:${port}`, origin: 'http://localhost:5173' } })).status).toBe(200)
  })

  it('H12-2 only the operations own names are callable', async () => {
    for (const op of ['constructor', 'valueOf', 'hasOwnProperty', 'toString', '__proto__', 'isPrototypeOf', 'noSuchOp']) {
      const r = await raw(op, { body: '{}' })
      expect(r.status, op).toBe(404)
      expect(r.body.error).toMatch(/^unknown operation/)
    }
    const list = await raw('', { method: 'GET' })
    expect(list.body.operations).toEqual(Object.keys(CONTROL_OPS).sort())
  })

  it('H12-2 every SimControl operation has an argument schema', () => {
    const missing = Object.keys(s.control).filter((op) => !Object.hasOwn(CONTROL_OPS, op))
    expect(missing).toEqual([])
  })

  it('H12-2 missing, malformed or absurd arguments are a 400 with a plain message; the simulator keeps running', async () => {
    const acct = s.accountIds[0] as number
    const cases: Array<[string, string]> = [
      ['placeOrder', ''],
      ['placeOrder', '{"accountId":'],
      ['placeOrder', JSON.stringify({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1e308 })],
      ['placeOrder', JSON.stringify({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: -5 })],
      ['placeOrder', JSON.stringify({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 1e300 })],
      ['setQuote', `{"contractId":"${MNQ}","bid":1e400}`],
      ['setQuote', JSON.stringify({ contractId: MNQ, bid: -1 })],
      ['advanceClock', JSON.stringify({ ms: 1e308 })],
      ['advanceClock', JSON.stringify({ ms: -1 })],
      ['freezeClock', JSON.stringify({ frozen: true, atMs: 1e20 })],
      ['scriptPrices', JSON.stringify({ contractId: MNQ, path: [1, 'x'] })],
      ['stepMarket', JSON.stringify({ steps: 1e9 })],
      ['setLatency', JSON.stringify({ ms: 'slow' })],
      ['quote', ''],
      ['setCanTrade', JSON.stringify({ accountId: acct, canTrade: false, extra: 1 })],
    ]
    for (const [op, body] of cases) {
      const r = await raw(op, { body })
      expect(r.status, `${op} ${body}`).toBe(400)
      expect(String(r.body.error)).not.toMatch(/TypeError|RangeError|undefined is not|Cannot read/)
    }
    expect((await raw('placeOrder', { body: '' })).body.error).toMatch(/^invalid argument for placeOrder \(missing body\)/)
    // The reported crash: a huge clock jump, then a price script. Both refused or harmless; REST still answers.
    expect((await raw('scriptPrices', { body: JSON.stringify({ contractId: MNQ, path: [21000, 21000.25] }) })).status).toBe(200)
    expect((await raw('stepMarket', { body: JSON.stringify({ contractId: MNQ, steps: 2 }) })).status).toBe(200)
    expect(s.control.quote({ contractId: MNQ })?.bid).toBe(21000.25)
    expect(s.control.accounts().every((a) => a.canTrade)).toBe(true)
    expect((await call(s, '/api/Status/ping', undefined, null, 'GET')).status).toBe(200)
  })

  it('H12-2 bodies above the cap are refused with 413', async () => {
    const big = JSON.stringify({ contractId: MNQ, path: Array.from({ length: MAX_CONTROL_BODY_BYTES / 4 }, () => 21000) })
    expect((await raw('scriptPrices', { body: big })).status).toBe(413)
    expect(s.control.quote({ contractId: MNQ })).not.toBeNull()
  })

  it('H12-2 fuzz: no control input makes the handler throw or answer 500, and the simulator still serves afterwards', async () => {
    const ops = [...Object.keys(CONTROL_OPS), 'constructor', 'valueOf', '__proto__', 'hasOwnProperty', '']
    const keys = ['accountId', 'contractId', 'ms', 'atMs', 'size', 'bid', 'ask', 'last', 'steps', 'path', 'kind', 'mode', 'count', 'type', 'side', 'limitPrice', 'stopPrice', 'trailPrice', 'frozen', 'open', 'hub', 'maxFillSize', 'orderId', 'target', 'arguments', 'general']
    const value = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(1e308, -1e308, 0, -1, 0.1, 60_000, s.accountIds[0], 2_900_000_000, MNQ, 'CON.F.US.EP.Z26', 'user', 'market', 'reset', null, true, false),
      fc.string({ maxLength: 20 }),
      fc.array(fc.oneof(fc.double(), fc.integer({ min: 1, max: 30_000 })), { maxLength: 5 }),
    )
    const body = fc.oneof(
      fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 40 }),
      fc.constant(''),
      fc.constant('{"ms":1e400}'),
    )
    // Near-valid arguments too: the right keys with plausible or absurd values, so operations really run.
    const acct = s.accountIds[0] as number
    const plausible: Record<string, fc.Arbitrary<unknown>> = {
      accountId: fc.constantFrom(acct, s.accountIds[1], 1, -1),
      contractId: fc.constantFrom(MNQ, 'CON.F.US.EP.Z26', 'CON.F.US.MNQ.U26', 'nope'),
      type: fc.integer({ min: 0, max: 8 }),
      side: fc.integer({ min: -1, max: 2 }),
      size: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(1e308)),
      price: fc.oneof(fc.integer({ min: 20_000, max: 22_000 }).map((n) => n / 4 + 16_000), fc.double(), fc.constant(1e300)),
      ms: fc.oneof(fc.integer({ min: 0, max: 3 * 86_400_000 }), fc.constant(1e308)),
      steps: fc.integer({ min: 0, max: 20 }),
      path: fc.array(fc.integer({ min: 83_000, max: 85_000 }).map((n) => n / 4), { maxLength: 4 }),
      orderId: fc.integer({ min: 2_900_000_000, max: 2_900_000_050 }),
      bool: fc.boolean(),
    }
    const templates: Record<string, Record<string, string>> = {
      placeOrder: { accountId: 'accountId', contractId: 'contractId', type: 'type', side: 'side', size: 'size', limitPrice: 'price', stopPrice: 'price', trailPrice: 'price' },
      modifyOrder: { accountId: 'accountId', orderId: 'orderId', size: 'size', limitPrice: 'price', stopPrice: 'price', trailPrice: 'price' },
      cancelOrder: { accountId: 'accountId', orderId: 'orderId' },
      closePosition: { accountId: 'accountId', contractId: 'contractId' },
      partialClosePosition: { accountId: 'accountId', contractId: 'contractId', size: 'size' },
      setQuote: { contractId: 'contractId', bid: 'price', ask: 'price', last: 'price' },
      scriptPrices: { contractId: 'contractId', path: 'path' },
      stepMarket: { contractId: 'contractId', steps: 'steps' },
      advanceClock: { ms: 'ms' },
      setCanTrade: { accountId: 'accountId', canTrade: 'bool' },
      setSession: { open: 'bool' },
      setPartialFills: { maxFillSize: 'steps' },
    }
    const nearValid = fc.constantFrom(...Object.keys(templates)).chain((op) => {
      const shape = Object.fromEntries(Object.entries(templates[op] ?? {}).map(([k, kind]) => [k, plausible[kind] as fc.Arbitrary<unknown>]))
      return fc.tuple(fc.constant(op), fc.record(shape, { requiredKeys: [] }).map((o) => JSON.stringify(o)))
    })
    const statuses: Record<number, number> = {}
    fc.assert(
      fc.property(fc.oneof(fc.tuple(fc.constantFrom(...ops), body), nearValid), ([op, text]) => {
        const r = invokeControl(s.control, op, text)
        expect([200, 400, 404]).toContain(r.status)
        statuses[r.status] = (statuses[r.status] ?? 0) + 1
      }),
      { numRuns: 600, seed: 8012 },
    )
    expect(statuses[200] ?? 0).toBeGreaterThan(60) // the fuzz reached the operations, not only the validation
    s.control.resetFaults()
    s.control.setLatency({ ms: 0 })
    s.control.setSession({ open: true })
    expect(Number.isFinite(s.control.now())).toBe(true)
    s.control.stepMarket({ contractId: MNQ, steps: 1 })
    expect((await call(s, '/api/Status/ping', undefined, null, 'GET')).status).toBe(200)
  }, 60_000)
})
