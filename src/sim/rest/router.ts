// The REST front door: routing (404/405), latency and failure faults, rate limits, auth (401), 400s, logging.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PX_PATHS, type PxEndpoint } from '../../shared/projectx'
import type { SimCore, RequestLogEntry } from '../core'
import { HANDLERS, type HandlerResult } from './handlers'
import { BODY_SCHEMAS } from './schemas'
import { problem, validateBody } from './validation'

const BY_PATH = new Map<string, PxEndpoint>(Object.entries(PX_PATHS).map(([k, v]) => [v.toLowerCase(), k as PxEndpoint]))
const ANONYMOUS: ReadonlySet<PxEndpoint> = new Set(['loginKey', 'loginApp', 'ping'])

/** Tracks requests that are deliberately left hanging so `close()` can end them. */
export class RestRouter {
  private readonly hanging = new Set<ServerResponse>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private seq = 0

  constructor(private readonly core: SimCore) {}

  /** True when this router owns the path (/api/...). */
  owns(pathname: string): boolean {
    return pathname.toLowerCase().startsWith('/api/')
  }

  handle(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const core = this.core
    const method = req.method ?? 'GET'
    const auth = req.headers.authorization
    const token = auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : null
    const entry: RequestLogEntry = { seq: ++this.seq, method, path: pathname, status: 0, token, timeMs: core.clock.now(), outcome: 'answered' }
    core.requestLog.push(entry)
    const send = (r: HandlerResult): void => {
      entry.status = r.status
      core.log(`${method} ${pathname} → ${r.status}`)
      if (r.text !== undefined) {
        res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(r.text)
      } else if (r.body !== undefined) {
        const json = JSON.stringify(r.body)
        res.writeHead(r.status, { 'content-type': r.status === 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8' })
        res.end(json)
      } else {
        res.writeHead(r.status, { 'content-length': '0' })
        res.end()
      }
    }

    const endpoint = BY_PATH.get(pathname.toLowerCase())
    if (!endpoint) return send({ status: 404 })
    const wantMethod = endpoint === 'ping' ? 'GET' : 'POST'
    if (method !== wantMethod) {
      res.setHeader('allow', wantMethod)
      return send({ status: 405 })
    }

    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const delay = core.faults.latencyFor(pathname)
      const go = (): void => this.process(endpoint, Buffer.concat(chunks).toString('utf8'), token, req, res, entry, send)
      if (delay <= 0) return go()
      const t = setTimeout(() => {
        this.timers.delete(t)
        go()
      }, delay)
      this.timers.add(t)
    })
  }

  private process(
    endpoint: PxEndpoint,
    raw: string,
    token: string | null,
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    send: (r: HandlerResult) => void,
  ): void {
    const core = this.core
    const fault = core.faults.matchRest(entry.path)
    if (fault === 'lostBeforeCommit') return this.reset(req, entry)
    if (fault === 'timeout') {
      entry.outcome = 'hang'
      this.hanging.add(res)
      res.on('close', () => this.hanging.delete(res))
      return
    }
    if (typeof fault === 'number') return send({ status: fault })

    if (endpoint === 'ping') return send({ status: 200, text: 'pong' })

    const group = endpoint === 'retrieveBars' ? 'bars' : 'general'
    const key = token ?? `anon:${req.socket.remoteAddress ?? ''}`
    if (!core.limiter.take(group, key)) return send({ status: 429 })

    if (!ANONYMOUS.has(endpoint)) {
      const problemWithToken = core.auth.check(token)
      // A revoked session still reaches validate, which answers with errorCode 1 (InvalidSession).
      const revokedValidate = endpoint === 'validate' && problemWithToken === 'revoked'
      if (problemWithToken && !revokedValidate) return send({ status: 401 })
    }

    let body: Record<string, unknown> = {}
    const schema = BODY_SCHEMAS[endpoint]
    if (schema) {
      let parsed: unknown
      try {
        parsed = raw.trim() === '' ? undefined : JSON.parse(raw)
      } catch {
        return send({ status: 400, body: problem({ $: ['The JSON value is malformed.'] }, `00-sim-${entry.seq}`) })
      }
      const errors = validateBody(parsed, schema)
      if (Object.keys(errors).length > 0) return send({ status: 400, body: problem(errors, `00-sim-${entry.seq}`) })
      body = parsed as Record<string, unknown>
    }

    const result = HANDLERS[endpoint as Exclude<PxEndpoint, 'ping'>]({ core, body, token })
    if (fault === 'lostAfterCommit') return this.reset(req, entry)
    send(result)
  }

  /** Connection reset without an answer (the client sees ECONNRESET / "socket hang up"). */
  private reset(req: IncomingMessage, entry: RequestLogEntry): void {
    entry.outcome = 'reset'
    entry.status = 0
    this.core.log(`${entry.method} ${entry.path} → connection reset (fault)`)
    const sock = req.socket
    if (typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy()
    else sock.destroy()
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    for (const res of this.hanging) res.destroy()
    this.hanging.clear()
  }
}
