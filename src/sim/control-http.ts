// HTTP side channel for SimControl (standalone `npm run sim` only): `POST /_sim/<operation>` with a JSON body.
// Any local process and any web page the trader opens can reach a loopback port, so every request must prove it
// is a deliberate local JSON call: loopback peer, loopback Host (DNS rebinding), loopback or no Origin (pages),
// `application/json` (a cross-site form or text/plain POST cannot set it without a CORS preflight we never grant).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CONTROL_OPS, describeIssues, opSpec } from './control-schemas'
import type { SimControl } from './control-types'

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
/** Body cap: the longest legitimate body is a price script, far below this. */
export const MAX_CONTROL_BODY_BYTES = 1_048_576

/** A control reply before it is written: status and JSON body. */
export interface ControlReply {
  status: number
  body: unknown
}

function loopbackHost(value: string | undefined): boolean {
  if (!value) return false
  try {
    return LOOPBACK_HOSTS.has(new URL(`http://${value}`).hostname)
  } catch {
    return false
  }
}

function loopbackOrigin(value: string): boolean {
  try {
    const u = new URL(value)
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.has(u.hostname)
  } catch {
    return false // includes the opaque origin "null" (sandboxed frames, file pages)
  }
}

/**
 * Validates `raw` (the body text, '' for none) against the operation's schema and runs it. Never throws: every
 * refusal is a 4xx with a plain message and an operation that fails anyway is a 500 without JavaScript text.
 */
export function invokeControl(control: SimControl, op: string, raw: string, log: (line: string) => void = () => undefined): ControlReply {
  const spec = opSpec(op)
  const fn = spec ? (control as unknown as Record<string, unknown>)[op] : undefined
  if (!spec || typeof fn !== 'function') return { status: 404, body: { error: `unknown operation '${op.slice(0, 80)}'` } }
  let arg: unknown
  try {
    arg = raw.trim() === '' ? undefined : JSON.parse(raw)
  } catch {
    return { status: 400, body: { error: 'body must be JSON' } }
  }
  const parsed = spec.arg.safeParse(arg)
  if (!parsed.success) {
    const missing = arg === undefined ? ' (missing body)' : ''
    return { status: 400, body: { error: `invalid argument for ${op}${missing}: ${describeIssues(parsed.error)}` } }
  }
  try {
    const result = (fn as (a: unknown) => unknown).call(control, parsed.data)
    return { status: 200, body: { result: result ?? null } }
  } catch (e) {
    log(`control ${op} failed: ${e instanceof Error ? e.message : String(e)}`)
    return { status: 500, body: { error: `operation ${op} failed` } }
  }
}

/** Serves `/_sim/<op>`: the body is the operation's single argument, the reply its JSON result. */
export function handleControl(control: SimControl, req: IncomingMessage, res: ServerResponse, pathname: string, log?: (line: string) => void): void {
  const reply = (r: ControlReply, headers: Record<string, string> = {}): void => {
    if (res.headersSent) return
    res.writeHead(r.status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(r.body ?? null))
  }
  const refuse = (status: number, error: string, headers?: Record<string, string>): void => reply({ status, body: { error } }, headers)
  if (!LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '')) return refuse(403, 'loopback only')
  if (!loopbackHost(req.headers.host)) return refuse(403, 'Host must be a loopback address')
  const origin = req.headers.origin
  if (origin !== undefined && !loopbackOrigin(origin)) return refuse(403, 'cross-origin requests are refused')
  const op = pathname.replace(/^\/_sim\/?/, '')
  const method = req.method ?? 'GET'
  if (op === '') {
    if (method !== 'GET' && method !== 'POST') return refuse(405, 'use GET or POST', { allow: 'GET, POST' })
    return reply({ status: 200, body: { operations: Object.keys(CONTROL_OPS).sort() } })
  }
  const spec = opSpec(op)
  if (!spec) return refuse(404, `unknown operation '${op.slice(0, 80)}'`)
  const allowed = spec.kind === 'read' ? ['GET', 'POST'] : ['POST']
  if (!allowed.includes(method)) return refuse(405, spec.kind === 'read' ? 'use GET or POST' : 'changes need POST', { allow: allowed.join(', ') })
  if (method === 'GET') return reply(invokeControl(control, op, '', log))
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') return refuse(415, 'content-type must be application/json')
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > MAX_CONTROL_BODY_BYTES) return refuse(413, `body larger than ${MAX_CONTROL_BODY_BYTES} bytes`, { connection: 'close' })
  const chunks: Buffer[] = []
  let bytes = 0
  let over = false
  req.on('data', (c: Buffer) => {
    if (over) return
    bytes += c.length
    if (bytes > MAX_CONTROL_BODY_BYTES) {
      over = true
      chunks.length = 0
      refuse(413, `body larger than ${MAX_CONTROL_BODY_BYTES} bytes`, { connection: 'close' })
      return
    }
    chunks.push(c)
  })
  req.on('end', () => {
    if (!over) reply(invokeControl(control, op, Buffer.concat(chunks).toString('utf8'), log))
  })
  req.on('error', () => undefined)
}
