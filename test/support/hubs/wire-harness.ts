// Test-only wiring: a token source that the hub server trusts, a recording listener, and a builder for
// supervisors with every interval scaled down so wire tests stay fast.

import type { TokenSource } from '../../../src/main/ports/gateway'
import type { GatewayEvent, HubName } from '../../../src/main/ports/hub-events'
import type { HubState } from '../../../src/shared/domain/health'
import { systemClock } from '../../../src/main/ports/clock'
import { MemoryLogger } from '../../fakes/memory-logger'
import { MemoryMetaRepository } from '../../fakes/memory-repositories'
import { HubSubscriptions } from '../../../src/main/gateway/hubs/hub-subscriptions'
import { HubSupervisor } from '../../../src/main/gateway/hubs/hub-supervisor'
import type { HubSupervisorListener, HubSupervisorOptions } from '../../../src/main/gateway/hubs/hub-supervisor'
import { createSignalrConnectionFactory } from '../../../src/main/gateway/hubs/signalr-connection-factory'
import type { JsonHubServer } from './json-hub-server'

/** Issues JWT-looking tokens the server accepts; counts refreshes and swap listeners. */
export class TestTokens implements TokenSource {
  token: string
  refreshes: string[] = []
  private n = 0
  readonly listeners = new Set<(token: string) => void>()

  constructor(private readonly server: JsonHubServer) {
    this.token = this.issue()
  }

  issue(): string {
    const t = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0${++this.n}In0.sig${this.n}`
    this.server.validTokens.add(t)
    return t
  }

  current(): string | null {
    return this.token
  }

  async refresh(reason: string): Promise<string> {
    this.refreshes.push(reason)
    this.swap(this.issue())
    return this.token
  }

  swap(token: string): void {
    this.token = token
    for (const l of [...this.listeners]) l(token)
  }

  onTokenSwapped(listener: (token: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

/** Records every lifecycle callback and event. */
export class Recorder implements HubSupervisorListener {
  readonly states: { hub: HubName; state: HubState; detail: string | null }[] = []
  readonly connected: { hub: HubName; reason: string }[] = []
  readonly outages: HubName[] = []
  readonly polling: { hub: HubName; needed: boolean }[] = []
  readonly events: GatewayEvent[] = []

  onStateChange(hub: HubName, state: HubState, detail: string | null): void {
    this.states.push({ hub, state, detail })
  }
  onConnected(hub: HubName, reason: 'start' | 'reconnect' | 'rebuild'): void {
    this.connected.push({ hub, reason })
  }
  onOutage(hub: HubName): void {
    this.outages.push(hub)
  }
  onPollingNeeded(hub: HubName): void {
    this.polling.push({ hub, needed: true })
  }
  onPollingNotNeeded(hub: HubName): void {
    this.polling.push({ hub, needed: false })
  }
  statesOf(hub: HubName): HubState[] {
    return this.states.filter((s) => s.hub === hub).map((s) => s.state)
  }
}

export interface Rig {
  readonly sup: HubSupervisor
  readonly subs: HubSubscriptions
  readonly rec: Recorder
  readonly logger: MemoryLogger
}

/** A supervisor against `server` with intervals scaled ~100× down. */
export function makeRig(
  server: JsonHubServer,
  tokens: TokenSource,
  hub: HubName,
  ids: readonly (string | number)[],
  extra: Partial<HubSupervisorOptions> & { hubTokenInQuery?: boolean; serverTimeoutMs?: number; rec?: Recorder; logger?: MemoryLogger } = {},
): Rig {
  const logger = extra.logger ?? new MemoryLogger()
  const rec = extra.rec ?? new Recorder()
  const subs = new HubSubscriptions({ hub, clock: systemClock, logger, meta: new MemoryMetaRepository(), timeoutMs: 300, retryDelayMs: 40, retries: 3 })
  subs.set(ids)
  const sup = new HubSupervisor({
    hub,
    createConnection: createSignalrConnectionFactory({
      url: server.url(`/hubs/${hub}`),
      tokenSource: tokens,
      logger,
      keepAliveIntervalMs: 50,
      serverTimeoutMs: extra.serverTimeoutMs ?? 400,
      ...(extra.hubTokenInQuery !== undefined ? { hubTokenInQuery: extra.hubTokenInQuery } : {}),
    }),
    tokenSource: tokens,
    clock: systemClock,
    logger,
    subscriptions: subs,
    listener: rec,
    retry: { delaysMs: [0, 20, 40, 60, 80], maxAttempts: 4 },
    rebuildIntervalMs: 150,
    pollingStartDelayMs: 1000,
    ...extra,
  })
  sup.onEvent((e) => {
    rec.events.push(e)
  })
  return { sup, subs, rec, logger }
}

/** Polls `predicate` until true (fails after `timeoutMs`). */
// 10 s: a deadline for a loaded CI machine, not a timing assertion (H12-12).
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
