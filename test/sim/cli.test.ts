// `npm run sim` prints one JSON object as its first stdout line and stops cleanly on SIGTERM; control over HTTP.
import { spawn } from 'node:child_process'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createInterface } from 'node:readline'
import { expect, it } from 'vitest'
import { handleControl } from '../../src/sim/control-http'
import type { SimControl } from '../../src/sim/index'
import { sim } from './helpers'

it('cli: first line is the JSON descriptor; the HTTP control API works; SIGTERM exits 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', '--port', '0', '--seed', '3', '--bare'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve)
      child.once('exit', () => reject(new Error('exited early')))
    })
    const info = JSON.parse(first) as Record<string, unknown>
    expect(Object.keys(info).sort()).toEqual(['accounts', 'apiKey', 'controlUrl', 'marketHubUrl', 'restUrl', 'userHubUrl', 'userName'])
    expect(String(info.restUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const r = await fetch(`${String(info.controlUrl)}/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' } })
    const body = (await r.json()) as { result: Array<{ id: number }> }
    expect(body.result.map((a) => a.id)).toEqual(info.accounts)
    const q = await fetch(`${String(info.controlUrl)}/setQuote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contractId: 'CON.F.US.EP.Z26', bid: 6100, ask: 6100.25 }) })
    expect(((await q.json()) as { result: { bid: number } }).result.bid).toBe(6100)
    expect((await fetch(`${String(info.controlUrl)}/noSuchOp`, { method: 'POST' })).status).toBe(404)
  } finally {
    child.kill('SIGTERM')
  }
  expect(await exited).toBe(0)
}, 20_000)

it('control channel refuses non-loopback peers', async () => {
  const s = await sim()
  try {
    let status = 0
    const res = { writeHead: (st: number) => ((status = st), { end: () => undefined }) } as unknown as ServerResponse
    const req = { socket: { remoteAddress: '10.1.2.3' }, method: 'POST', on: () => undefined } as unknown as IncomingMessage
    handleControl(s.control as SimControl, req, res, '/_sim/expireTokens')
    expect(status).toBe(403)
    expect(s.control.tokens()).toEqual([])
  } finally {
    await s.close()
  }
})

it('close() leaves nothing running: hubs are closed and the port refuses connections', async () => {
  const s = await sim()
  const { login, rawHub } = await import('./helpers')
  const h = await rawHub(s.userHubUrl, { header: await login(s) })
  await s.close()
  await h.closed
  await expect(fetch(`${s.restUrl}/api/Status/ping`)).rejects.toThrow()
})

it('cli --help lists the behaviour switches of issue 8 and exits 0 without starting a server', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', '--help'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
  expect(code).toBe(0)
  for (const flag of ['--full-quotes', '--no-close-sequence', '--account-echo-ms', '--price-band-percent', '--cancel-on-cantrade-false', '--no-expire-at-session-end', '--cancel-latency-ms', '--deterministic', '--fee']) {
    expect(out).toContain(flag)
  }
}, 20_000)
