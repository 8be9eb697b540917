// The headless host: loopback only, safe static serving, and a bridge that refuses anyone without the
// per-run secret and keeps serving after malformed requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { startHeadlessHost, type HeadlessHost } from './start-headless-host'
import { FakeEngine } from '../../../../test/fakes/fake-engine'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { CONTENT_SECURITY_POLICY } from '../csp'
import { BRIDGE_PROTOCOL, BRIDGE_SECRET_PROTOCOL_PREFIX } from '../../../shared/ipc/bridge-protocol'

const SECRET = 'a'.repeat(64)
let dir: string
let host: HeadlessHost
let engine: FakeEngine

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(pathname: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: pathname, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function connect(protocols: string[], origin = `http://127.0.0.1:${host.port}`): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, protocols, { origin })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

const good = () => [BRIDGE_PROTOCOL, BRIDGE_SECRET_PROTOCOL_PREFIX + SECRET]

/** Sends a raw frame and resolves with the next reply frame. */
function roundTrip(ws: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(data.toString()) as Record<string, unknown>
      if ('event' in parsed) return
      ws.off('message', onMessage)
      resolve(parsed)
    }
    ws.on('message', onMessage)
    ws.send(frame)
  })
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tiltguard-headless-'))
  const root = path.join(dir, 'renderer')
  await mkdir(path.join(root, 'assets'), { recursive: true })
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Tiltguard</title>')
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(path.join(dir, 'outside-secret.txt'), 'TOP-SECRET-OUTSIDE')
  await symlink(path.join(dir, 'outside-secret.txt'), path.join(root, 'link.txt'))
  engine = new FakeEngine()
  host = await startHeadlessHost(engine, { rendererDir: root, logger: new MemoryLogger(), secret: SECRET })
})

afterAll(async () => {
  await host.close()
  await rm(dir, { recursive: true, force: true })
})

describe('startHeadlessHost: HTTP', () => {
  it('binds 127.0.0.1 only and prints a loopback URL with the secret in the fragment', () => {
    expect(host.address).toBe('127.0.0.1')
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#secret=${SECRET}`)
  })

  it('serves the renderer with the CSP header and correct MIME types', async () => {
    const index = await get('/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(index.headers['x-content-type-options']).toBe('nosniff')
    const js = await get('/assets/app.js?v=1')
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.body).toBe('console.log(1)')
  })

  it('refuses directory traversal in every spelling, and symlinks out of the root', async () => {
    for (const p of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/..%5coutside-secret.txt', '/%00index.html', '/link.txt', '/assets', '/%E0%A4%A']) {
      const res = await get(p)
      expect(res.status, p).toBeGreaterThanOrEqual(400)
      expect(res.body).not.toContain('TOP-SECRET')
    }
  })

  it('refuses other methods and foreign Host headers', async () => {
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421)
    const post = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/', method: 'POST' }, (res) => resolve(res.statusCode ?? 0))
      req.end()
    })
    expect(post).toBe(405)
  })

  it('refuses a plain HTTP call to the bridge without the secret', async () => {
    expect((await get('/bridge')).status).toBe(401)
    expect((await get('/bridge', { authorization: 'Bearer nope' })).status).toBe(401)
    expect((await get('/bridge', { authorization: `Bearer ${SECRET}` })).status).toBe(426)
  })
})

describe('startHeadlessHost: bridge', () => {
  it('refuses a connection without the secret, with a wrong one, or from a foreign origin', async () => {
    await expect(connect([BRIDGE_PROTOCOL])).rejects.toThrow('HTTP 401')
    await expect(connect([BRIDGE_PROTOCOL, BRIDGE_SECRET_PROTOCOL_PREFIX + 'b'.repeat(64)])).rejects.toThrow('HTTP 401')
    await expect(connect(good(), 'http://evil.example')).rejects.toThrow('HTTP 403')
  })

  it('accepts the secret, never echoes it, and answers requests with Results', async () => {
    const ws = await connect(good())
    expect(ws.protocol).toBe(BRIDGE_PROTOCOL)
    const reply = await roundTrip(ws, JSON.stringify({ id: 1, name: 'getSnapshot', input: {} }))
    expect(reply).toEqual({ id: 1, result: { ok: true, value: engine.snapshot } })
    ws.close()
  })

  it('answers malformed requests with a typed VALIDATION_FAILED and keeps serving', async () => {
    const ws = await connect(good())
    expect(await roundTrip(ws, 'not json')).toMatchObject({ id: null, result: { ok: false, error: { code: 'VALIDATION_FAILED' } } })
    expect(await roundTrip(ws, JSON.stringify({ id: 'x', name: 'getSnapshot' }))).toMatchObject({ id: null, result: { error: { code: 'VALIDATION_FAILED' } } })
    expect(await roundTrip(ws, JSON.stringify({ id: 2, name: 'flattenAll', input: { accountId: 'all' } }))).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'VALIDATION_FAILED', detail: { issues: expect.arrayContaining([{ path: 'accountId', message: expect.any(String) }]) } } },
    })
    expect(await roundTrip(ws, JSON.stringify({ id: 3, name: 'rm-rf', input: {} }))).toMatchObject({ id: 3, result: { error: { code: 'UNKNOWN_CHANNEL' } } })
    expect(await roundTrip(ws, JSON.stringify({ id: 4, name: 'listAudit', input: { limit: 1 } }))).toMatchObject({ id: 4, result: { ok: true } })
    expect(engine.calls.some((c) => c.name === 'flattenAll')).toBe(false)
    ws.close()
  })

  it('pushes engine events with a growing seq', async () => {
    const ws = await connect(good())
    const frames: Record<string, unknown>[] = []
    const two = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        frames.push(JSON.parse(d.toString()) as Record<string, unknown>)
        if (frames.length === 2) resolve()
      }),
    )
    const entry = { id: 2, at: 1, category: 'order' as const, severity: 'info' as const, message: 'x', accountId: null, ruleId: null, latencyMs: null, shadow: false }
    engine.emit('auditAppended', entry)
    engine.emit('sessionChanged', engine.snapshot.session)
    await two
    expect(frames[0]).toMatchObject({ event: 'auditAppended', payload: entry })
    expect((frames[1]?.seq as number) - (frames[0]?.seq as number)).toBe(1)
    ws.close()
  })
})
