// Chaos H12-3 (issue 12 item 3, issue 7 item 10, DB-8 S7): malformed REST list items through a fault proxy
// in front of the simulator are typed errors; the last good state stays, and health says why.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GatewaySession, SessionParts } from '../../src/main/app/session/gateway-session'
import { sessionWithParts } from '../support/session/session-with-parts'
import { systemClock } from '../../src/main/ports/clock'
import { MemorySecretStore } from '../../src/main/secrets/memory-secret-store'
import { openStore, type Store } from '../../src/main/store'
import { startSimulator, type SimulatorHandle } from '../../src/sim'
import { MemoryLogger } from '../fakes/memory-logger'
import { waitFor } from '../integration/wait-for'
import { FAST_TUNING } from './harness'
import { startFaultProxy, type FaultProxy } from './fault-proxy'

let handle: SimulatorHandle
let proxy: FaultProxy
let store: Store
let session: GatewaySession
let parts: SessionParts
let dataDir: string
let logger: MemoryLogger

beforeEach(async () => {
  handle = await startSimulator({ quiet: true, quoteIntervalMs: 100, seed: 7 })
  proxy = await startFaultProxy(handle.restUrl)
  dataDir = mkdtempSync(join(tmpdir(), 'tiltguard-chaos-h12-3-'))
  logger = new MemoryLogger()
  store = await openStore({ path: join(dataDir, 'h12.db'), logger })
  const secrets = new MemorySecretStore()
  await secrets.set('userName', handle.userName)
  await secrets.set('apiKey', handle.apiKey)
  const wired = sessionWithParts({
    mode: 'simulator',
    endpoints: { restUrl: proxy.url, userHubUrl: handle.userHubUrl, marketHubUrl: handle.marketHubUrl },
    secrets,
    store,
    clock: systemClock,
    logger,
    notifier: { notify: () => undefined },
    onHealth: () => undefined,
    tuning: FAST_TUNING,
  })
  session = wired.session
  parts = wired.parts
  await session.start({})
})

afterEach(async () => {
  await session.stop()
  store.close()
  await proxy.close()
  await handle.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const POSITIONS = '/api/Position/searchOpen'

const CASES: { name: string; edit: (text: string, accountId: number) => string; problem: RegExp }[] = [
  { name: '"lots" as size', edit: (t) => t.replace(/"size":\d+/, '"size":"lots"'), problem: /size/ },
  { name: 'size -5', edit: (t) => t.replace(/"size":\d+/, '"size":-5'), problem: /size/ },
  { name: 'another account id', edit: (t, id) => t.replace(`"accountId":${id}`, `"accountId":${id + 999}`), problem: /another account/ },
  { name: '1e400 (Infinity)', edit: (t) => t.replace(/"size":\d+/, '"size":1e400'), problem: /size/ },
]

describe('chaos: malformed REST replies', () => {
  for (const c of CASES) {
    it(`H12-3 DB-8 malformed reply (${c.name}): typed error, previous positions kept, REST health not HEALTHY, reconciler says why`, async () => {
      await waitFor(() => parts.reconciler.status().freshness === 'FRESH', 10_000)
      const accountId = parts.mirror.accountIds()[0] ?? 0
      handle.control.placeOrder({ accountId, contractId: 'CON.F.US.MNQ.Z26', type: 2, side: 0, size: 2 })
      await waitFor(() => parts.mirror.openPositions(accountId).some((p) => p.size === 2), 10_000)
      await parts.reconciler.whenIdle()
      proxy.rewrite = (path, text) => (path.includes(POSITIONS) ? c.edit(text, accountId) : text)

      const error = await parts.rest.searchOpenPositions(accountId).catch((e: unknown) => e)
      expect(error).toMatchObject({ name: 'GatewayError', category: 'MALFORMED', errorName: 'InvalidReply' })
      expect(String((error as { errorMessage: string }).errorMessage)).toMatch(c.problem)

      await parts.reconciler.request('manual')
      const status = parts.reconciler.status()
      expect(status.freshness).not.toBe('FRESH')
      expect(status.lastError).toMatch(/MALFORMED/)
      expect(parts.mirror.openPositions(accountId).map((p) => [p.contractId, p.size])).toEqual([['CON.F.US.MNQ.Z26', 2]])
      expect(parts.rest.describeRestHealth().state).not.toBe('HEALTHY')
      expect(logger.lines.some((l) => l.message === 'rest reply malformed; previous state kept')).toBe(true)

      // Replies good again: reconciled, FRESH, same position.
      proxy.rewrite = null
      await parts.reconciler.request('manual')
      await waitFor(() => parts.reconciler.status().freshness === 'FRESH', 10_000)
      expect(parts.mirror.openPositions(accountId).map((p) => p.size)).toEqual([2])
    }, 30_000)
  }

  it('H12-4 reply cap through the fault proxy: a 9 MB Position/searchOpen reply is refused (ReplyTooLarge), positions kept, hubs stay up', async () => {
    await waitFor(() => parts.reconciler.status().freshness === 'FRESH', 10_000)
    const accountId = parts.mirror.accountIds()[0] ?? 0
    handle.control.placeOrder({ accountId, contractId: 'CON.F.US.MNQ.Z26', type: 2, side: 0, size: 1 })
    await waitFor(() => parts.mirror.openPositions(accountId).length === 1, 10_000)
    await parts.reconciler.whenIdle()
    const padding = ' '.repeat(9 * 1024 * 1024)
    proxy.rewrite = (path, text) => (path.includes(POSITIONS) ? text.replace('{', `{${padding}`) : text)
    const error = await parts.rest.searchOpenPositions(accountId).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'GatewayError', category: 'MALFORMED', errorName: 'ReplyTooLarge' })
    await parts.reconciler.request('manual')
    expect(parts.reconciler.status().lastError).toMatch(/MALFORMED/)
    expect(parts.mirror.openPositions(accountId)).toHaveLength(1)
    expect(parts.userHub.state).toBe('CONNECTED')
    proxy.rewrite = null
    await parts.reconciler.request('manual')
    await waitFor(() => parts.reconciler.status().freshness === 'FRESH', 10_000)
  }, 30_000)
})
