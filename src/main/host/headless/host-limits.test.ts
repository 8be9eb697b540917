// H12-5: the headless host cannot be starved: idle sockets time out, connections are bounded, and a
// socket refused for want of the secret is closed at once instead of being kept alive.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { connect as tcpConnect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeEngine } from '../../../../test/fakes/fake-engine'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { DEFAULT_HOST_LIMITS, startHeadlessHost, type HeadlessHost, type HostLimits } from './start-headless-host'

let dir: string
let host: HeadlessHost | null = null
const sockets: Socket[] = []

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tiltguard-limits-'))
  await mkdir(path.join(dir, 'renderer'))
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html>')
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await host?.close()
  host = null
  await rm(dir, { recursive: true, force: true })
})

async function start(limits: Partial<HostLimits>): Promise<HeadlessHost> {
  host = await startHeadlessHost(new FakeEngine(), { rendererDir: path.join(dir, 'renderer'), logger: new MemoryLogger(), secret: 'b'.repeat(64), limits })
  return host
}

/** Opens a raw TCP socket; resolves once connected. `closed` resolves when the server ends it. */
function open(port: number): Promise<{ socket: Socket; closed: Promise<number>; data: () => string }> {
  return new Promise((resolve, reject) => {
    let text = ''
    const openedAt = Date.now()
    const socket = tcpConnect(port, '127.0.0.1')
    sockets.push(socket)
    const closed = new Promise<number>((r) => socket.on('close', () => r(Date.now() - openedAt)))
    socket.on('data', (d: Buffer) => (text += d.toString()))
    socket.on('error', () => undefined)
    socket.once('connect', () => resolve({ socket, closed, data: () => text }))
    socket.once('error', reject)
  })
}

describe('headless host limits', () => {
  it('H12-5 host: defaults bound connections and set header/request timeouts', () => {
    expect(DEFAULT_HOST_LIMITS.maxConnections).toBeLessThanOrEqual(128)
    expect(DEFAULT_HOST_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000)
    expect(DEFAULT_HOST_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(30_000)
  })

  it('H12-5 host: an idle socket that never sends a request is closed after the header timeout', async () => {
    const h = await start({ headersTimeoutMs: 300, requestTimeoutMs: 300, checkIntervalMs: 50 })
    const idle = await open(h.port)
    const ms = await idle.closed
    expect(ms).toBeLessThan(3000)
  })

  it('H12-5 host: connections beyond maxConnections are dropped on arrival; the dashboard still answers once they go', async () => {
    const h = await start({ maxConnections: 5, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 })
    const held = await Promise.all(Array.from({ length: 5 }, () => open(h.port)))
    const extra = await open(h.port)
    expect(await extra.closed).toBeLessThan(2000)
    for (const s of held) s.socket.destroy()
    await Promise.all(held.map((s) => s.closed))
    const ok = await open(h.port)
    ok.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`)
    await new Promise<void>((r) => {
      const t = setInterval(() => {
        if (ok.data().startsWith('HTTP/1.1 200')) {
          clearInterval(t)
          r()
        }
      }, 10)
    })
  })

  it('H12-5 host: a request without the secret is answered 401 and its keep-alive socket closed at once', async () => {
    const h = await start({ keepAliveTimeoutMs: 60_000 })
    const s = await open(h.port)
    s.socket.write(`GET /bridge HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nConnection: keep-alive\r\n\r\n`)
    expect(await s.closed).toBeLessThan(2000)
    expect(s.data()).toMatch(/^HTTP\/1.1 401/)
    const foreign = await open(h.port)
    foreign.socket.write(`GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: keep-alive\r\n\r\n`)
    expect(await foreign.closed).toBeLessThan(2000)
    expect(foreign.data()).toMatch(/^HTTP\/1.1 421/)
  })
})
