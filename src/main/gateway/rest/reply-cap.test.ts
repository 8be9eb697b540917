// H12-4: REST reply bodies are capped while they stream in; a larger reply is a typed error, not 2.7 GB of heap.
import { describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { systemClock } from '../../ports/clock'
import { GatewayError } from './gateway-error'
import { sendHttpAttempt, type FetchLike } from './http-transport'
import { RestClient } from './rest-client'
import { FakeTokenSource } from '../../../../test/support/rest/wire-test-support'

/** An endless JSON-looking body with no Content-Length: only counting the stream can stop it. */
function endlessFetch(counter: { chunks: number; cancelled: boolean }): FetchLike {
  return () => {
    const chunk = new TextEncoder().encode('{"success":true,"errorCode":0,"positions":['.padEnd(64 * 1024, ' '))
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        counter.chunks++
        controller.enqueue(chunk)
      },
      cancel() {
        counter.cancelled = true
      },
    })
    return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }))
  }
}

describe('REST reply cap', () => {
  it('H12-4 reply cap: an endless body is cut at the cap while streaming (no Content-Length), and the stream is cancelled', async () => {
    const counter = { chunks: 0, cancelled: false }
    const { raw } = await sendHttpAttempt(endlessFetch(counter), systemClock, {
      url: 'http://127.0.0.1:1/api/Position/searchOpen',
      method: 'POST',
      token: 't',
      body: {},
      timeoutMs: 5000,
      maxBodyBytes: 1024 * 1024,
    })
    expect(raw).toEqual({ kind: 'too-large', status: 200, limitBytes: 1024 * 1024 })
    expect(counter.chunks).toBeLessThanOrEqual(18) // 1 MB / 64 kB + the one that crossed it (+ read-ahead)
    expect(counter.cancelled).toBe(true)
  })

  it('H12-4 reply cap: a declared Content-Length over the cap is refused unread; the client gives a typed MALFORMED ReplyTooLarge error', async () => {
    let pulls = 0
    const fetchFn: FetchLike = () => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++
          controller.enqueue(new Uint8Array(64 * 1024))
        },
      })
      return Promise.resolve(new Response(body, { status: 200, headers: { 'content-length': String(300 * 1024 * 1024) } }))
    }
    const client = new RestClient({ baseUrl: 'http://127.0.0.1:1', tokenSource: new FakeTokenSource(), logger: new MemoryLogger(), fetch: fetchFn, maxReplyBytes: 4 * 1024 * 1024 })
    try {
      const error = await client.searchOpenPositions(1).catch((e: unknown) => e)
      expect(GatewayError.is(error)).toBe(true)
      expect(error).toMatchObject({ category: 'MALFORMED', errorName: 'ReplyTooLarge', retryable: false })
      expect(pulls).toBeLessThanOrEqual(1) // only the stream's own read-ahead; never read by us
      expect(client.describeRestHealth().state).not.toBe('HEALTHY')
    } finally {
      client.dispose()
    }
  })

  it('H12-4 reply cap: replies under the cap are read as before', async () => {
    const fetchFn: FetchLike = () => Promise.resolve(new Response(JSON.stringify({ success: true, errorCode: 0, positions: [] }), { status: 200 }))
    const client = new RestClient({ baseUrl: 'http://127.0.0.1:1', tokenSource: new FakeTokenSource(), fetch: fetchFn, maxReplyBytes: 1024 })
    try {
      expect(await client.searchOpenPositions(1)).toEqual([])
    } finally {
      client.dispose()
    }
  })
})
