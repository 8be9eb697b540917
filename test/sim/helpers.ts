// Test helpers: start a quiet simulator, call REST with fetch, connect hubs with the real SignalR client or raw ws.
import * as signalR from '@microsoft/signalr'
import WebSocket from 'ws'
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/sim/index'

export const MNQ = 'CON.F.US.MNQ.Z26'

export async function sim(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  return startSimulator({ quiet: true, quoteIntervalMs: 0, ...options })
}

export interface RestReply {
  status: number
  text: string
  json: Record<string, unknown>
}

/** POST (or another method) with an optional bearer token; raw body when `body` is a string. */
export async function call(s: SimulatorHandle, path: string, body?: unknown, token?: string | null, method = 'POST'): Promise<RestReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const init: RequestInit = { method, headers }
  if (method !== 'GET' && body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  const r = await fetch(s.restUrl + path, init)
  const text = await r.text()
  let json: Record<string, unknown>
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {}
  } catch {
    json = {}
  }
  return { status: r.status, text, json }
}

export async function login(s: SimulatorHandle): Promise<string> {
  const r = await call(s, '/api/Auth/loginKey', { userName: s.userName, apiKey: s.apiKey })
  return r.json.token as string
}

/** A connected @microsoft/signalr client with every gateway event captured in order. */
export interface Captured {
  conn: signalR.HubConnection
  events: Array<{ target: string; args: unknown[] }>
}

const USER_EVENTS = ['GatewayUserAccount', 'GatewayUserOrder', 'GatewayUserPosition', 'GatewayUserTrade', 'GatewayLogout']
const MARKET_EVENTS = ['GatewayQuote', 'GatewayTrade', 'GatewayDepth']

export async function connectHub(url: string, token: string, opts: { negotiate?: boolean; market?: boolean } = {}): Promise<Captured> {
  const conn = new signalR.HubConnectionBuilder()
    .withUrl(url, {
      // Undeclared but honoured option: under Node the ws constructor lets the client send the bearer header.
      WebSocket,
      accessTokenFactory: () => token,
      ...(opts.negotiate ? {} : { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets }),
    } as signalR.IHttpConnectionOptions)
    .configureLogging(signalR.LogLevel.None)
    .build()
  const events: Captured['events'] = []
  for (const t of opts.market ? MARKET_EVENTS : USER_EVENTS) {
    conn.on(t, (...args: unknown[]) => {
      events.push({ target: t, args })
    })
  }
  await conn.start()
  return { conn, events }
}

/** Poll until `check` returns true (real time, short). */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A raw WebSocket hub client: sees every record, pings included. */
export interface RawHub {
  ws: WebSocket
  records: Array<Record<string, unknown>>
  texts: string[]
  closed: Promise<{ code: number }>
  send(...msgs: object[]): void
}

export async function rawHub(url: string, opts: { header?: string; handshake?: boolean } = {}): Promise<RawHub> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), opts.header ? { headers: { authorization: `Bearer ${opts.header}` } } : {})
  const records: RawHub['records'] = []
  const texts: string[] = []
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })))
  ws.on('error', () => undefined)
  ws.on('message', (d) => {
    const text = String(d)
    texts.push(text)
    for (const rec of text.split('\u001e').filter(Boolean)) records.push(JSON.parse(rec) as Record<string, unknown>)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
  const hub: RawHub = {
    ws,
    records,
    texts,
    closed,
    send: (...msgs) => ws.send(msgs.map((m) => JSON.stringify(m) + '\u001e').join('')),
  }
  if (opts.handshake !== false) {
    hub.send({ protocol: 'json', version: 1 })
    await until(() => records.length > 0)
  }
  return hub
}

/** The HTTP status of a refused WebSocket upgrade (0 if it upgraded). */
export async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers })
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.terminate()
      resolve(0)
    })
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? -1)
      ws.terminate()
    })
    ws.once('error', () => resolve(-2))
  })
}

/** Unwrap `{action,data}` user payloads. */
export function data(arg: unknown): Record<string, unknown> {
  const a = arg as Record<string, unknown>
  return ('data' in a ? a.data : a) as Record<string, unknown>
}
