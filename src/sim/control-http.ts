// HTTP side channel for SimControl: `POST /_sim/<operation>` with a JSON body; loopback peers only.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SimControl } from './control-types'

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

/** Serves `/_sim/<op>`: the body is the operation's single argument, the reply its JSON result. */
export function handleControl(control: SimControl, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const reply = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? null))
  }
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return reply(403, { error: 'loopback only' })
  const op = pathname.replace(/^\/_sim\/?/, '')
  if (op === '') return reply(200, { operations: Object.keys(control).sort() })
  const fn = (control as unknown as Record<string, unknown>)[op]
  if (typeof fn !== 'function') return reply(404, { error: `unknown operation '${op}'` })
  if (req.method !== 'POST' && req.method !== 'GET') return reply(405, { error: 'use POST' })
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8').trim()
    let arg: unknown
    try {
      arg = raw === '' ? undefined : JSON.parse(raw)
    } catch {
      return reply(400, { error: 'body must be JSON' })
    }
    try {
      const result = (fn as (a: unknown) => unknown).call(control, arg)
      reply(200, { result: result ?? null })
    } catch (e) {
      reply(500, { error: e instanceof Error ? e.message : String(e) })
    }
  })
}
