// Hub negotiation, both protocol versions (issue 8 item 8): signalrcore (project-x-py) negotiates without
// `negotiateVersion`, so `id` on the upgrade is the connectionId; @microsoft/signalr sends version 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { connectHub, login, rawHub, sim, until, upgradeStatus } from './helpers'

let s: SimulatorHandle
let token: string
let acct: number

beforeAll(async () => {
  s = await sim({ pingIntervalMs: 0 })
  token = await login(s)
  acct = s.accountIds[0] as number
})
afterAll(() => s.close())

async function negotiate(query: string): Promise<Record<string, unknown>> {
  const r = await fetch(`${s.userHubUrl}/negotiate${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  expect(r.status).toBe(200)
  return (await r.json()) as Record<string, unknown>
}

describe('SIM8-8 hub negotiate versions 0 and 1', () => {
  it('SIM8-8 version 0 (no negotiateVersion, or 0): id is the connectionId, no connectionToken; raw upgrade with it works', async () => {
    for (const query of ['', '?negotiateVersion=0']) {
      const body = await negotiate(query)
      expect(body).toEqual({ connectionId: expect.any(String), negotiateVersion: 0, availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }] })
      // As signalrcore does it: the websocket URL carries id=<connectionId> and the token in the query.
      const h = await rawHub(`${s.userHubUrl}?id=${String(body.connectionId)}&access_token=${token}`)
      expect(h.texts[0]).toBe('{}\u001e')
      // Reused invocation ids (signalrcore restarts its counter per connection) are tolerated.
      h.send({ type: 1, invocationId: '0', target: 'SubscribeAccounts', arguments: [] }, { type: 1, invocationId: '0', target: 'SubscribeOrders', arguments: [acct] })
      await until(() => h.records.filter((r) => r.type === 3).length >= 2)
      expect(h.records.filter((r) => r.type === 3)).toEqual([
        { type: 3, invocationId: '0' },
        { type: 3, invocationId: '0' },
      ])
      const conn = s.control.connections().find((c) => c.id === body.connectionId)
      expect(conn).toMatchObject({ accounts: true, orders: [acct] })
      // An id is good for one upgrade only.
      expect(await upgradeStatus(`${s.userHubUrl}?id=${String(body.connectionId)}&access_token=${token}`)).toBe(404)
      h.ws.close()
    }
  })

  it('SIM8-8 version 1: id must be the connectionToken (the connectionId is refused), and @microsoft/signalr negotiates', async () => {
    const body = await negotiate('?negotiateVersion=1')
    expect(body).toMatchObject({ negotiateVersion: 1, connectionId: expect.any(String), connectionToken: expect.any(String) })
    expect(await upgradeStatus(`${s.userHubUrl}?id=${String(body.connectionId)}&access_token=${token}`)).toBe(404)
    const h = await rawHub(`${s.userHubUrl}?id=${String(body.connectionToken)}&access_token=${token}`)
    expect(s.control.connections().some((c) => c.id === body.connectionId)).toBe(true)
    h.ws.close()
    const client = await connectHub(s.userHubUrl, token, { negotiate: true })
    expect(client.conn.state).toBe('Connected')
    await client.conn.invoke('SubscribeAccounts')
    await client.conn.invoke('SubscribeAccounts')
    await client.conn.stop()
  })
})
