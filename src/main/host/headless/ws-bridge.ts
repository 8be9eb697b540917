// The loopback WebSocket bridge: carries the IPC contract between the browser dashboard and the
// engine. An upgrade is accepted only on BRIDGE_PATH, for our own Host and Origin, and with the
// per-run secret in a subprotocol; every frame then goes through the same router as Electron IPC.

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import {
  BRIDGE_MAX_FRAME_BYTES,
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BRIDGE_SECRET_PROTOCOL_PREFIX,
  type BridgePush,
  type BridgeReply,
} from '../../../shared/ipc/bridge-protocol'
import { appError } from '../../../shared/errors'
import type { IpcRouter } from '../../ipc/router'
import type { PushedEvent } from '../../ipc/event-broadcaster'
import type { Logger } from '../../ports/logger'
import { secretMatches } from './access-secret'

/** A slow client that lets this much pile up is dropped; it reconnects and re-fetches the snapshot. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

export interface WsBridgeOptions {
  readonly router: IpcRouter
  readonly secret: string
  /** Host header values we answer to, e.g. `127.0.0.1:4321` and `localhost:4321` (DNS rebinding guard). */
  readonly allowedHosts: () => readonly string[]
  /** Origins allowed to open the bridge, e.g. `http://127.0.0.1:4321`. */
  readonly allowedOrigins: () => readonly string[]
  readonly logger: Logger
}

export interface WsBridge {
  /** Handles an HTTP upgrade; refuses with a status line and closes the socket unless every check passes. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Sends one push to every connected client. */
  push(event: PushedEvent): void
  readonly clientCount: number
  close(): Promise<void>
}

/** The secret offered in Sec-WebSocket-Protocol, if any. */
export function offeredSecret(req: IncomingMessage): string | undefined {
  const header = req.headers['sec-websocket-protocol']
  if (typeof header !== 'string') return undefined
  const token = header
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(BRIDGE_SECRET_PROTOCOL_PREFIX))
  return token?.slice(BRIDGE_SECRET_PROTOCOL_PREFIX.length)
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  socket.destroy()
}

/** Reads one request frame; returns null (and why) when it is not a request at all. */
function readFrame(data: RawData, isBinary: boolean): { id: number | null; name: string; input: unknown } | { id: number | null; error: string } {
  if (isBinary) return { id: null, error: 'binary frames are not accepted' }
  let frame: unknown
  try {
    frame = JSON.parse(data.toString())
  } catch {
    return { id: null, error: 'frame is not JSON' }
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return { id: null, error: 'frame is not an object' }
  const f = frame as Record<string, unknown>
  const id = typeof f.id === 'number' && Number.isSafeInteger(f.id) ? f.id : null
  if (id === null) return { id: null, error: 'id must be an integer' }
  if (typeof f.name !== 'string') return { id, error: 'name must be a string' }
  return { id, name: f.name, input: f.input }
}

/** Creates the bridge; the caller routes its HTTP server's 'upgrade' events to `handleUpgrade`. */
export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const { router, logger } = options
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: BRIDGE_MAX_FRAME_BYTES,
    // Echo only the public protocol: the secret token is never sent back.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  })

  function serve(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      const frame = readFrame(data, isBinary)
      const reply = (r: BridgeReply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(r))
      }
      if ('error' in frame) {
        reply({ id: frame.id, result: { ok: false, error: appError('VALIDATION_FAILED', `Malformed bridge frame: ${frame.error}.`) } })
        return
      }
      router.dispatch(frame.name, frame.input).then(
        (result) => reply({ id: frame.id, result }),
        // The router never rejects; this is belt and braces so a bug cannot kill the socket.
        () => reply({ id: frame.id, result: { ok: false, error: appError('INTERNAL', 'Request failed.') } }),
      )
    })
    ws.on('error', (error) => logger.warn('bridge socket error', { error: error.message }))
  }

  return {
    handleUpgrade(req, socket, head) {
      const pathname = (req.url ?? '').split('?')[0]
      if (pathname !== BRIDGE_PATH) return refuse(socket, 404, 'Not Found')
      if (!options.allowedHosts().includes(req.headers.host ?? '')) return refuse(socket, 403, 'Forbidden')
      if (!options.allowedOrigins().includes(req.headers.origin ?? '')) {
        logger.warn('bridge upgrade refused: foreign origin')
        return refuse(socket, 403, 'Forbidden')
      }
      if (!secretMatches(options.secret, offeredSecret(req))) {
        logger.warn('bridge upgrade refused: missing or wrong secret')
        return refuse(socket, 401, 'Unauthorized')
      }
      const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
      if (!protocols.includes(BRIDGE_PROTOCOL)) return refuse(socket, 400, 'Bad Request')
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws))
    },
    push(event) {
      const frame: BridgePush = { event: event.name, seq: event.seq, payload: event.payload }
      const text = JSON.stringify(frame)
      for (const ws of wss.clients) {
        if (ws.readyState !== ws.OPEN) continue
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          logger.warn('bridge client too slow; dropping it')
          ws.terminate()
          continue
        }
        ws.send(text)
      }
    },
    get clientCount() {
      return wss.clients.size
    },
    close() {
      for (const ws of wss.clients) ws.close(1001, 'engine stopping')
      // A client that does not answer the close handshake must not hold the shutdown up.
      const stragglers = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate()
      }, 1000)
      stragglers.unref()
      return new Promise((resolve) =>
        wss.close(() => {
          clearTimeout(stragglers)
          resolve()
        }),
      )
    },
  }
}
