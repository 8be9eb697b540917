// The browser-side `window.tiltguard` for the headless host: the same TiltguardApi as the Electron
// preload, carried over the loopback WebSocket bridge. It reconnects by itself and reports its link
// state; requests made while the link is down wait for it (or fail if it drops mid-request).

import type { TiltguardApi } from '../../../shared/ipc/api'
import { EVENT_CHANNEL, REQUEST_CHANNEL, type EventMeta } from '../../../shared/ipc/channels'
import type { EventName, RequestName } from '../../../shared/ipc/contract'
import { BRIDGE_PATH, BRIDGE_PROTOCOL, BRIDGE_SECRET_PROTOCOL_PREFIX, type BridgeServerFrame } from '../../../shared/ipc/bridge-protocol'
import { appError, type Result } from '../../../shared/errors'

/** State of the link between this page and the engine. */
export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'unreachable'

/** The WebSocket members used here (tests pass a fake). */
export type SocketLike = Pick<WebSocket, 'readyState' | 'onopen' | 'onclose' | 'onmessage' | 'onerror' | 'send' | 'close'>
export type SocketFactory = (url: string, protocols: string[]) => SocketLike

export interface WsApiOptions {
  /** ws://host:port of the page; the bridge path is appended. */
  readonly origin: string
  readonly secret: string
  readonly createSocket: SocketFactory
  /** Waits between reconnect attempts; the last one repeats. */
  readonly reconnectDelaysMs?: readonly number[]
  /** Consecutive failed attempts (never opened) after which the link counts as unreachable. */
  readonly unreachableAfter?: number
}

export interface WsApi {
  readonly api: TiltguardApi
  readonly link: () => LinkState
  onLinkChange(listener: (state: LinkState) => void): () => void
  close(): void
}

const OPEN = 1
const lost = (): Result<never> => ({ ok: false, error: appError('INTERNAL', 'Lost the connection to the Tiltguard engine. Try again.', true) })

/** Connects to the bridge and returns the API; the connection is opened at once. */
export function createWsApi(options: WsApiOptions): WsApi {
  const delays = options.reconnectDelaysMs ?? [250, 1000, 2000, 5000]
  const unreachableAfter = options.unreachableAfter ?? 3
  const url = `${options.origin}${BRIDGE_PATH}`
  const protocols = [BRIDGE_PROTOCOL, BRIDGE_SECRET_PROTOCOL_PREFIX + options.secret]
  const listeners = new Map<EventName, Set<(payload: never, meta: EventMeta) => void>>()
  const linkListeners = new Set<(state: LinkState) => void>()
  const inFlight = new Map<number, (result: Result<unknown>) => void>()
  const queued: { id: number; frame: string }[] = []
  let nextId = 1
  let socket: SocketLike | null = null
  let link: LinkState = 'connecting'
  let failures = 0
  let closed = false
  let timer: ReturnType<typeof setTimeout> | null = null

  const setLink = (state: LinkState) => {
    if (state === link) return
    link = state
    for (const l of linkListeners) l(state)
  }

  function connect(): void {
    let opened = false
    const ws = options.createSocket(url, protocols)
    socket = ws
    ws.onopen = () => {
      opened = true
      failures = 0
      setLink('open')
      for (const q of queued.splice(0)) ws.send(q.frame)
    }
    ws.onmessage = (ev) => {
      let frame: BridgeServerFrame
      try {
        frame = JSON.parse(String(ev.data)) as BridgeServerFrame
      } catch {
        return
      }
      if ('event' in frame) {
        for (const l of listeners.get(frame.event) ?? []) l(frame.payload as never, { seq: frame.seq })
      } else if (frame.id !== null) {
        inFlight.get(frame.id)?.(frame.result)
        inFlight.delete(frame.id)
      }
    }
    ws.onerror = () => {}
    ws.onclose = () => {
      socket = null
      // A request already sent may or may not have run; its caller must decide, so it fails now.
      // Queued (never sent) requests wait for the next connection.
      const waiting = new Set(queued.map((q) => q.id))
      for (const [id, resolve] of inFlight) {
        if (waiting.has(id)) continue
        resolve(lost())
        inFlight.delete(id)
      }
      if (closed) return
      if (!opened) failures += 1
      setLink(failures >= unreachableAfter ? 'unreachable' : 'reconnecting')
      if (link === 'unreachable') {
        for (const q of queued.splice(0)) {
          inFlight.get(q.id)?.(lost())
          inFlight.delete(q.id)
        }
      }
      const wait = delays[Math.min(failures, delays.length - 1)] ?? 1000
      timer = setTimeout(connect, wait)
    }
  }

  function request(name: RequestName, input: unknown): Promise<Result<never>> {
    if (link === 'unreachable' || closed) return Promise.resolve(lost())
    const id = nextId++
    const frame = JSON.stringify({ id, name, input })
    return new Promise((resolve) => {
      inFlight.set(id, resolve as (r: Result<unknown>) => void)
      if (socket !== null && socket.readyState === OPEN) socket.send(frame)
      else queued.push({ id, frame })
    })
  }

  const on: TiltguardApi['on'] = (name, listener) => {
    if (typeof name !== 'string' || !Object.hasOwn(EVENT_CHANNEL, name)) {
      throw new TypeError(`tiltguard.on: "${String(name)}" is not an event of the contract`)
    }
    let set = listeners.get(name)
    if (set === undefined) listeners.set(name, (set = new Set()))
    const l = listener as (payload: never, meta: EventMeta) => void
    set.add(l)
    return () => {
      set.delete(l)
    }
  }

  // One named function per request, derived from the contract's names.
  const api = Object.freeze({
    ...(Object.fromEntries(Object.keys(REQUEST_CHANNEL).map((name) => [name, (input: unknown) => request(name as RequestName, input)])) as Omit<TiltguardApi, 'on'>),
    on,
  }) satisfies TiltguardApi

  connect()
  return {
    api,
    link: () => link,
    onLinkChange(listener) {
      linkListeners.add(listener)
      return () => linkListeners.delete(listener)
    },
    close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      socket?.close(1000)
    },
  }
}
