// A simulator with a logged-in REST client and a user-hub connection subscribed to one account, for the
// behaviour tests of issue 8 (everything through the public REST and hub API; control only sets the scene).
import { PX_PATHS, type PxEndpoint } from '../../src/shared/projectx'
import type { SimulatorHandle, SimulatorOptions } from '../../src/sim/index'
import { call, connectHub, data, login, sim, type Captured } from './helpers'

export const ES = 'CON.F.US.EP.Z26'

export interface Rig {
  s: SimulatorHandle
  token: string
  acct: number
  user: Captured
  /** POST a gateway endpoint with the rig's token; returns the JSON body. */
  rest(endpoint: Exclude<PxEndpoint, 'ping'>, body: Record<string, unknown>): Promise<Record<string, unknown>>
  /** User-hub events so far as [target, unwrapped data]. */
  seen(): Array<[string, Record<string, unknown>]>
  close(): Promise<void>
}

export async function rig(options: SimulatorOptions = {}): Promise<Rig> {
  const s = await sim({ deterministic: true, ...options })
  const token = await login(s)
  const acct = s.accountIds[0] as number
  const user = await connectHub(s.userHubUrl, token)
  await user.conn.invoke('SubscribeAccounts')
  for (const m of ['SubscribeOrders', 'SubscribePositions', 'SubscribeTrades']) await user.conn.invoke(m, acct)
  return {
    s,
    token,
    acct,
    user,
    rest: async (endpoint, body) => (await call(s, PX_PATHS[endpoint], body, token)).json,
    seen: () => user.events.map((e) => [e.target, data(e.args[0])]),
    close: async () => {
      await user.conn.stop()
      await s.close()
    },
  }
}
