// The headless host: serves the built renderer on 127.0.0.1 over node:http and carries the IPC
// contract over a loopback WebSocket bridge guarded by a per-run secret (see ws-bridge.ts).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { realpath } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { BRIDGE_PATH, SECRET_FRAGMENT_KEY } from '../../../shared/ipc/bridge-protocol'
import type { HostedEngine } from '../../ports/hosted-engine'
import type { Logger } from '../../ports/logger'
import { createIpcRouter } from '../../ipc/router'
import { createEventBroadcaster, stampSnapshotSeq } from '../../ipc/event-broadcaster'
import { SECURITY_HEADERS } from '../csp'
import { createAccessSecret, secretMatches } from './access-secret'
import { serveStatic } from './static-files'
import { createWsBridge } from './ws-bridge'

/** The only interface the headless host ever binds: loopback, never all interfaces. */
export const LOOPBACK_HOST = '127.0.0.1'

export interface HeadlessHostOptions {
  /** The built renderer folder (out/renderer). */
  readonly rendererDir: string
  /** TCP port; 0 (the default) picks a free ephemeral port. */
  readonly port?: number
  readonly logger: Logger
  /** Injected only by tests; normally a fresh random secret per run. */
  readonly secret?: string
  /** H12-5: socket limits; tests shrink them. */
  readonly limits?: Partial<HostLimits>
}

/**
 * H12-5: 20,000 idle sockets once used up the engine's file handles (REST then failed with EMFILE). A
 * dashboard needs a handful of connections; everything else is bounded and timed out.
 */
export interface HostLimits {
  /** Open sockets at once; further connections are closed on arrival. */
  readonly maxConnections: number
  /** A request's headers must arrive within this. */
  readonly headersTimeoutMs: number
  /** A whole request must arrive within this. */
  readonly requestTimeoutMs: number
  /** An idle keep-alive socket is closed after this. */
  readonly keepAliveTimeoutMs: number
  /** How often Node checks the two request timeouts above. */
  readonly checkIntervalMs: number
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  maxConnections: 64,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
}

export interface HeadlessHost {
  /** The dashboard URL, with the secret in its fragment (never sent to the server by a browser). */
  readonly url: string
  readonly port: number
  /** The bound address, always 127.0.0.1. */
  readonly address: string
  /** Detaches from the engine, closes the bridge and the HTTP server. Does not stop the engine. */
  close(): Promise<void>
}

/** Starts the host for `engine` and resolves once it listens. */
export async function startHeadlessHost(
  engine: HostedEngine,
  options: HeadlessHostOptions,
): Promise<HeadlessHost> {
  const logger = options.logger
  const secret = options.secret ?? createAccessSecret()
  const root = await realpath(options.rendererDir)
  const broadcaster = createEventBroadcaster({
    send: (push) => bridge.push(push),
    onSendError: (error) => logger.warn('push failed', { error: String(error) }),
  })
  const router = createIpcRouter(stampSnapshotSeq(engine.handlers, broadcaster), { logger: logger.child('ipc') })
  let port = 0
  const allowedHosts = () => [`${LOOPBACK_HOST}:${port}`, `localhost:${port}`]
  const bridge = createWsBridge({
    router,
    secret,
    allowedHosts,
    allowedOrigins: () => allowedHosts().map((h) => `http://${h}`),
    logger: logger.child('bridge'),
  })
  const detach = engine.attach(broadcaster)

  const limits = { ...DEFAULT_HOST_LIMITS, ...options.limits }
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req: IncomingMessage, res: ServerResponse) => {
      // DNS-rebinding guard: answer only to our own loopback Host. Refusals close the socket at once (H12-5).
      if (!allowedHosts().includes(req.headers.host ?? '')) {
        res.writeHead(421, { ...SECURITY_HEADERS, Connection: 'close' }).end()
        return
      }
      if ((req.url ?? '').split('?')[0] === BRIDGE_PATH) {
        // Plain HTTP to the bridge: refused without the secret; with it, the client must upgrade.
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
        const ok = secretMatches(secret, bearer)
        res
          .writeHead(ok ? 426 : 401, ok ? SECURITY_HEADERS : { ...SECURITY_HEADERS, Connection: 'close' })
          .end()
        return
      }
      serveStatic(root, req, res, SECURITY_HEADERS).catch((error: unknown) => {
        logger.error('static serving failed', { error: String(error) })
        if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS)
        res.end()
      })
    },
  )
  server.maxConnections = limits.maxConnections
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head))
  server.on('clientError', (_error, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: LOOPBACK_HOST, port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  port = address.port
  const url = `http://${LOOPBACK_HOST}:${port}/#${SECRET_FRAGMENT_KEY}=${secret}`
  logger.info('headless host listening', { address: address.address, port })

  return {
    url,
    port,
    address: address.address,
    async close() {
      detach()
      broadcaster.dispose()
      await bridge.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
