// The preload exposes only the contract's names, routes them to the contract's channels, and refuses
// anything else.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '../shared/ipc/channels'
import { events, requests } from '../shared/ipc/contract'

type Listener = (event: unknown, ...args: unknown[]) => void
const exposed: Record<string, unknown> = {}
const listeners = new Map<string, Set<Listener>>()

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => {
      exposed[key] = value
    }),
  },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
    on: vi.fn((channel: string, l: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)?.add(l)
    }),
    removeListener: vi.fn((channel: string, l: Listener) => listeners.get(channel)?.delete(l)),
    send: vi.fn(),
  },
}))

type Api = Record<string, (...args: unknown[]) => unknown>

describe('preload', () => {
  let api: Api
  beforeEach(async () => {
    await import('./index')
    api = exposed.tiltguard as Api
  })

  it('exposes one object, tiltguard, whose keys are exactly the request names plus on', () => {
    expect(Object.keys(exposed)).toEqual(['tiltguard'])
    expect(Object.keys(api).sort()).toEqual([...Object.keys(requests), 'on'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
  })

  it('sends each request on its contract channel', async () => {
    for (const [name, { channel }] of Object.entries(requests)) {
      expect(await api[name]?.({ probe: name })).toEqual({ ok: true, value: { channel, input: { probe: name } } })
    }
    expect(Object.values(REQUEST_CHANNEL).sort()).toEqual(Object.values(requests).map((r) => r.channel).sort())
  })

  it('answers a Result even when IPC itself fails', async () => {
    const { ipcRenderer } = await import('electron')
    vi.mocked(ipcRenderer.invoke).mockRejectedValueOnce(new Error('No handler registered'))
    expect(await api.getSnapshot?.({})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('on() refuses names that are not contract events, including raw channel names', () => {
    for (const name of ['conn:health-changed', 'anything', 'toString', '__proto__']) {
      expect(() => api.on?.(name, () => {})).toThrow(/not an event of the contract/)
    }
    expect(listeners.size).toBe(0)
  })

  it('on() delivers payload and seq only, and unsubscribes', () => {
    const got: unknown[][] = []
    const off = api.on?.('healthChanged', (...args: unknown[]) => got.push(args)) as () => void
    const channelListeners = listeners.get(EVENT_CHANNEL.healthChanged)
    expect(channelListeners?.size).toBe(1)
    for (const l of channelListeners ?? []) l({ sender: 'ipcRenderer-would-leak' }, { seq: 7, payload: { overall: 'OK' } })
    expect(got).toEqual([[{ overall: 'OK' }, { seq: 7 }]])
    off()
    expect(listeners.get(EVENT_CHANNEL.healthChanged)?.size).toBe(0)
    expect(Object.keys(EVENT_CHANNEL).sort()).toEqual(Object.keys(events).sort())
  })
})
