// The "documented fields only" REST switch (issue 8 item 9): strict clients built from the public examples
// (project-x-py) must see open orders and trades; the default keeps the 2026 swagger's fields.
import { afterEach, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { UNDOCUMENTED_REST_FIELDS } from '../../src/sim/rest/fields'
import { MNQ, call, login, sim } from './helpers'

let s: SimulatorHandle | undefined
afterEach(async () => {
  await s?.close()
  s = undefined
})

async function replies(mode: 'full' | 'documented') {
  s = await sim({ restFields: mode })
  const token = await login(s)
  const accountId = s.accountIds[0] as number
  s.control.setQuote({ contractId: MNQ, bid: 21000, ask: 21000.25 })
  s.control.placeOrder({ accountId, contractId: MNQ, type: 2, side: 0, size: 1 })
  s.control.placeOrder({ accountId, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20900 })
  const since = { accountId, startTimestamp: '2000-01-01T00:00:00Z' }
  const open = (await call(s, '/api/Order/searchOpen', { accountId }, token)).json.orders as Array<Record<string, unknown>>
  const orders = (await call(s, '/api/Order/search', since, token)).json.orders as Array<Record<string, unknown>>
  const trades = (await call(s, '/api/Trade/search', since, token)).json.trades as Array<Record<string, unknown>>
  const positions = (await call(s, '/api/Position/searchOpen', { accountId }, token)).json.positions as Array<Record<string, unknown>>
  return { open, orders, trades, positions }
}

describe('SIM8-9 REST field modes', () => {
  it('SIM8-9 full (default) sends the 2026 swagger fields, nulls included', async () => {
    const r = await replies('full')
    expect(r.open).toHaveLength(1)
    for (const o of r.orders) for (const k of UNDOCUMENTED_REST_FIELDS.order) expect(o).toHaveProperty(k)
    expect(r.open[0]).toMatchObject({ trailPrice: null, trailDistance: null, parentOrderId: null, linkedOrderId: null, limitPrice: 20900 })
    expect(r.trades[0]).toMatchObject({ commissions: expect.any(Number), fees: expect.any(Number) })
    expect(r.positions[0]).toHaveProperty('contractDisplayName', 'MNQZ6')
  })

  it('SIM8-9 documented sends only the fields of the public examples', async () => {
    const r = await replies('documented')
    expect(r.open).toHaveLength(1)
    expect(Object.keys(r.open[0] ?? {}).sort()).toEqual(
      ['accountId', 'contractId', 'creationTimestamp', 'customTag', 'fillVolume', 'filledPrice', 'id', 'limitPrice', 'side', 'size', 'status', 'stopPrice', 'symbolId', 'type', 'updateTimestamp'].sort(),
    )
    for (const o of r.orders) for (const k of UNDOCUMENTED_REST_FIELDS.order) expect(o).not.toHaveProperty(k)
    expect(Object.keys(r.trades[0] ?? {}).sort()).toEqual(['accountId', 'contractId', 'creationTimestamp', 'fees', 'id', 'orderId', 'price', 'profitAndLoss', 'side', 'size', 'voided'])
    expect(Object.keys(r.positions[0] ?? {}).sort()).toEqual(['accountId', 'averagePrice', 'contractId', 'creationTimestamp', 'id', 'size', 'type'])
  })
})
