// The browser bridge client: secret in the subprotocol, request/reply by id, pushes with seq,
// reconnects, and typed failures when the link drops.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWsApi, type SocketLike } from './ws-api'
import { REQUEST_CHANNEL } from '../../../shared/ipc/channels'

class FakeSocket {
  static all: FakeSocket[] = []
  readyState = 0
  sent: string[] = []
  onopen: SocketLike['onopen'] = null
  onclose: SocketLike['onclose'] = null
  onmessage: SocketLike['onmessage'] = null
  onerror: SocketLike['onerror'] = null
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this)
  }
  send(data: string): void {
    this.sent.push(data)
  }
  close(): void {
    this.drop()
  }
  open(): void {
    this.readyState = 1
    this.onopen?.call(this as unknown as WebSocket, new Event('open'))
  }
  drop(): void {
    this.readyState = 3
    this.onclose?.call(this as unknown as WebSocket, { code: 1006 } as CloseEvent)
  }
  receive(frame: unknown): void {
    this.onmessage?.call(this as unknown as WebSocket, { data: JSON.stringify(frame) } as MessageEvent)
  }
}

const make = () =>
  createWsApi({
    origin: 'ws://127.0.0.1:4000',
    secret: 'ab'.repeat(32),
    createSocket: (url, protocols) => new FakeSocket(url, protocols) as unknown as SocketLike,
    reconnectDelaysMs: [10],
    unreachableAfter: 2,
  })
const last = () => FakeSocket.all.at(-1) as FakeSocket

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.all = []
})
afterEach(() => vi.useRealTimers())

describe('createWsApi', () => {
  it('offers the secret as a subprotocol on the bridge path', () => {
    make()
    expect(last().url).toBe('ws://127.0.0.1:4000/bridge')
    expect(last().protocols).toEqual(['tiltguard.v1', `tiltguard.secret.${'ab'.repeat(32)}`])
  })

  it('exposes exactly the contract names plus on', () => {
    const { api } = make()
    expect(Object.keys(api).sort()).toEqual([...Object.keys(REQUEST_CHANNEL), 'on'].sort())
    expect(() => api.on('conn:health-changed' as never, () => {})).toThrow(/not an event/)
  })

  it('queues requests until open and resolves replies by id', async () => {
    const { api, link } = make()
    const reply = api.listAudit({ limit: 3 })
    expect(last().sent).toEqual([])
    last().open()
    expect(link()).toBe('open')
    expect(JSON.parse(last().sent[0] ?? '')).toEqual({ id: 1, name: 'listAudit', input: { limit: 3 } })
    last().receive({ id: 1, result: { ok: true, value: [] } })
    await expect(reply).resolves.toEqual({ ok: true, value: [] })
  })

  it('delivers pushes with their seq', () => {
    const { api } = make()
    last().open()
    const got: unknown[] = []
    const off = api.on('auditAppended', (payload, meta) => got.push([payload, meta]))
    last().receive({ event: 'auditAppended', seq: 4, payload: { id: 1 } })
    off()
    last().receive({ event: 'auditAppended', seq: 5, payload: { id: 2 } })
    expect(got).toEqual([[{ id: 1 }, { seq: 4 }]])
  })

  it('fails in-flight requests when the link drops, then reconnects', async () => {
    const { api, link } = make()
    last().open()
    const inFlight = api.getSnapshot({})
    last().drop()
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', retryable: true } })
    expect(link()).toBe('reconnecting')
    vi.advanceTimersByTime(10)
    expect(FakeSocket.all).toHaveLength(2)
    last().open()
    expect(link()).toBe('open')
  })

  it('calls the engine unreachable after repeated refusals and fails requests at once', async () => {
    const { api, link } = make()
    last().drop()
    vi.advanceTimersByTime(10)
    last().drop()
    expect(link()).toBe('unreachable')
    await expect(api.getSnapshot({})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})
