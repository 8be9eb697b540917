// Chaos F26: after a whole fault suite on the real file logger, no token, API key or user name is on disk or crossed IPC.

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../integration/wait-for'
import { cleanupAll, startChaos, stopRun, waitFresh, waitSnapshot, type ChaosRun } from './harness'

afterEach(cleanupAll)

const USER = 'chaos-scan-user-7Qx2'
const API_KEY = 'ck_9b3f6d2e4a8c1f7e5d0b2a9c6e4f8d1a'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Every (where, secret) pair found: files are read as bytes (SQLite pages, WAL, logs), texts as they are. */
function scan(secrets: readonly string[], dataDir: string, texts: Record<string, string>): string[] {
  const hits: string[] = []
  const sources: [string, string][] = [
    ...filesUnder(dataDir).map((f): [string, string] => [f, readFileSync(f).toString('latin1')]),
    ...Object.entries(texts),
  ]
  for (const [where, text] of sources) for (const s of secrets) if (text.includes(s)) hits.push(`${where}: ${s.slice(0, 12)}…`)
  return hits
}

/** The full token and its signature part alone (a truncated token still leaks its signature). */
function tokenNeedles(run: ChaosRun): string[] {
  return run.sim.tokens().flatMap((t) => [t.token, t.token.split('.').at(-1) ?? t.token])
}

describe('chaos: secrets after a fault suite', () => {
  it('F26 STORE-1 LOG-1 CFG-4 after expiry, revocation, hub drops, a lost kill-switch reply, 429/500 bursts and GatewayLogout no token, API key or user name is in any file, the stderr log or the IPC trace', async () => {
    const stderr: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: string | Uint8Array): boolean => {
      stderr.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      return true
    }) as typeof process.stderr.write
    try {
      const run = await startChaos({ fileLogger: true, simulator: { userName: USER, apiKey: API_KEY } })
      const first = await waitFresh(run)
      const accountId = first.portfolio.accounts[0]?.id ?? 0
      const tokenCount = (): number => run.sim.tokens().length

      // Tokens expire: the hubs' reconnect meets 401 → refresh (new token) → back to FRESH.
      let n = tokenCount()
      run.sim.expireTokens()
      run.sim.dropHubs({ mode: 'reset' })
      await waitFor(() => tokenCount() > n)
      await waitFresh(run)

      // The session is revoked elsewhere: one re-login with the stored key, hubs rebuilt.
      n = tokenCount()
      run.sim.revokeSession()
      await waitFor(() => tokenCount() > n)
      await waitFresh(run)

      // Hub drops of every kind.
      for (const mode of ['reset', 'close', 'error1011'] as const) {
        run.sim.dropHubs({ mode })
        await waitFresh(run)
      }

      // The kill switch closes a position whose close reply is lost after the gateway committed it.
      run.sim.placeOrder({ accountId, contractId: 'CON.F.US.EP.Z26', type: 2, side: 0, size: 2 })
      await waitSnapshot(run, (s) => s.portfolio.positions.some((p) => p.contractId === 'CON.F.US.EP.Z26'))
      run.sim.failRequests({ kind: 'lostAfterCommit', count: 1, path: '/api/Position/closeContract' })
      const report = await run.handlers.flattenAll({ accountId, confirm: true })
      expect(report.accounts[0]?.verifiedFlat).toBe(true)
      expect(run.sim.positions({ accountId })).toEqual([])
      expect(run.sim.requestLog({ path: '/api/Position/closeContract' }).some((r) => r.status === 0)).toBe(true)

      // 429 and 500 bursts on the reads a manual retry triggers.
      run.sim.failRequests({ kind: 429, count: 3, path: '/api/Position/searchOpen' })
      run.sim.failRequests({ kind: 500, count: 3, path: '/api/Order/searchOpen' })
      await run.handlers.retryNow({}).catch(() => null)
      // A 429 freezes the client's general bucket for its window (S4), so FRESH is not awaited here.
      await waitFor(() => run.sim.requestLog().filter((r) => r.status === 429 || r.status === 500).length >= 4, 15_000)

      // GatewayLogout: the session ends (and may re-login once).
      const eventsAtLogout = run.events.length
      expect(run.sim.sendLogout()).toBeGreaterThan(0)
      await waitFor(() => run.events.slice(eventsAtLogout).some((e) => e.name === 'sessionChanged'), 5000)
      await run.handlers.getSnapshot({})
      await run.handlers.listAudit({ limit: 200 })

      await stopRun(run)
      const secrets = [...tokenNeedles(run), API_KEY, USER]
      expect(run.sim.tokens().length).toBeGreaterThanOrEqual(3)
      const files = filesUnder(run.dataDir)
      expect(files.some((f) => f.endsWith('.db'))).toBe(true)
      expect(files.some((f) => f.includes(`${join(run.dataDir, 'logs')}`))).toBe(true)
      const logBytes = files.filter((f) => f.includes('logs')).reduce((sum, f) => sum + statSync(f).size, 0)
      expect(logBytes).toBeGreaterThan(1000)
      expect(run.trace.length).toBeGreaterThan(20)
      const texts = { 'ipc-trace': run.trace.join('\n'), stderr: stderr.join('') }
      expect(scan(secrets, run.dataDir, texts)).toEqual([])

      // The scan can fail: a planted token in a file and in the trace is found.
      const planted = run.sim.tokens()[0]?.token ?? 'missing'
      writeFileSync(join(run.dataDir, 'logs', 'planted.log'), `{"msg":"oops","token":"${planted}"}\n`)
      const hits = scan(secrets, run.dataDir, { 'ipc-trace': `${texts['ipc-trace']}${JSON.stringify({ leaked: planted })}` })
      expect(hits.some((h) => h.includes('planted.log'))).toBe(true)
      expect(hits.some((h) => h.startsWith('ipc-trace'))).toBe(true)
    } finally {
      process.stderr.write = write
    }
  }, 60_000)
})
