// One HTTP attempt over `fetch`: bearer header, JSON body, our own deadline and the caller's signal.
// Returns what happened without interpreting it; classify.ts does that.

import type { Clock } from '../../ports/clock'
import { parseRetryAfterMs } from './backoff'
import type { RawAttempt } from './classify'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface HttpAttempt {
  readonly url: string
  readonly method: 'POST' | 'GET'
  /** Sent as `Authorization: Bearer …`; never logged. */
  readonly token: string | null
  readonly body?: unknown
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
  /** H12-4: bodies longer than this are refused unread (default DEFAULT_MAX_REPLY_BYTES). */
  readonly maxBodyBytes?: number
}

/** H12-4: a 300 MB reply once took the engine to 2.7 GB; real list replies are a few hundred kB at most. */
export const DEFAULT_MAX_REPLY_BYTES = 8 * 1024 * 1024

/** Thrown inside the reader when the cap is passed; becomes a `too-large` RawAttempt. */
class ReplyTooLarge extends Error {
  override readonly name = 'ReplyTooLarge'
}

export interface HttpAttemptResult {
  readonly raw: RawAttempt
  readonly latencyMs: number
}

/** Sends one request. Never throws: every failure is described in `raw`. */
export async function sendHttpAttempt(
  fetchFn: FetchLike,
  clock: Clock,
  attempt: HttpAttempt,
): Promise<HttpAttemptResult> {
  const controller = new AbortController()
  let timedOut = false
  const timer = clock.setTimeout(() => {
    timedOut = true
    controller.abort()
  }, attempt.timeoutMs)
  const onCallerAbort = (): void => controller.abort()
  attempt.signal?.addEventListener('abort', onCallerAbort, { once: true })
  const started = clock.now()
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (attempt.body !== undefined) headers['Content-Type'] = 'application/json'
  if (attempt.token !== null) headers.Authorization = `Bearer ${attempt.token}`
  try {
    const init: RequestInit = { method: attempt.method, headers, signal: controller.signal }
    if (attempt.body !== undefined) init.body = JSON.stringify(attempt.body)
    const response = await fetchFn(attempt.url, init)
    const limit = attempt.maxBodyBytes ?? DEFAULT_MAX_REPLY_BYTES
    // The deadline covers the body too: a server that stalls mid-body is as unanswered as a silent one.
    let text: string
    try {
      text = await readCapped(response, limit)
    } catch (error) {
      if (!(error instanceof ReplyTooLarge)) throw error
      controller.abort() // stop the download; the socket is not reused for the rest of it
      return { raw: { kind: 'too-large', status: response.status, limitBytes: limit }, latencyMs: clock.now() - started }
    }
    const raw: RawAttempt = {
      kind: 'http',
      status: response.status,
      body: parseBody(text),
      retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after'), clock.now()),
    }
    return { raw, latencyMs: clock.now() - started }
  } catch (error) {
    const latencyMs = clock.now() - started
    if (timedOut) return { raw: { kind: 'timeout', afterMs: attempt.timeoutMs }, latencyMs }
    if (attempt.signal?.aborted) return { raw: { kind: 'aborted' }, latencyMs }
    return { raw: { kind: 'transport', error }, latencyMs }
  } finally {
    clock.clearTimeout(timer)
    attempt.signal?.removeEventListener('abort', onCallerAbort)
  }
}

/**
 * Reads the body counting bytes as they stream in and gives up at `limit`: a declared Content-Length over
 * the cap is refused before reading, a lying or absent one is caught by the count.
 */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) throw new ReplyTooLarge()
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => undefined)
      throw new ReplyTooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    // Non-JSON (e.g. an HTML error page from a proxy) is kept as text; the classifier calls it malformed.
    return text
  }
}
