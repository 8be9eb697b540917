// Builds @microsoft/signalr HubConnections the way the gateway needs them: WebSockets only, no negotiate,
// token via Authorization header from the TokenSource, explicit keep-alive, logs redacted (HUB-1/2/9/13, LOG-2).

import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr'
import type { HubConnection, IHttpConnectionOptions, ILogger, IRetryPolicy } from '@microsoft/signalr'
import WebSocket from 'ws'
import type { ClientRequestArgs } from 'node:http'
import type { TokenSource } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { HubName } from '../../ports/hub-events'

/** The part of a HubConnection the supervisor uses; a fake implements it in unit tests. */
export type HubConnectionLike = Pick<HubConnection, 'on' | 'off' | 'onclose' | 'onreconnecting' | 'onreconnected' | 'start' | 'stop' | 'invoke' | 'state'>

/** What the supervisor hands the factory for each NEW connection. */
export interface ConnectionRequest {
  readonly hub: HubName
  /** The automatic-reconnect policy for this connection (fresh connection → fresh attempt count). */
  readonly retryPolicy: IRetryPolicy
  /** Called when the server answered the WebSocket upgrade with an HTTP status (401, 503 …). */
  readonly onUpgradeRejected: (status: number) => void
  /** Called with the token each (re)connect attempt actually sends, so a swap that raced it is noticed (TOK-12). */
  readonly onTokenUsed?: (token: string) => void
}

/** Creates one new, not yet started connection per call. */
export type ConnectionFactory = (request: ConnectionRequest) => HubConnectionLike

/** Options of {@link createSignalrConnectionFactory}. */
export interface SignalrConnectionOptions {
  /** Hub URL (https:// or wss://), e.g. `https://rtc.topstepx.com/hubs/user`. Must not carry a token. */
  readonly url: string
  readonly tokenSource: TokenSource
  readonly logger: Logger
  /**
   * Also put `access_token` in the URL (official sample style). Off by default: under Node the library
   * sends `Authorization: Bearer`; only enable if the live gateway refuses header auth (contradiction 7).
   */
  readonly hubTokenInQuery?: boolean
  /** Protocol ping interval; 15 000 by default (HUB-9). */
  readonly keepAliveIntervalMs?: number
  /** Drop the connection after this much server silence; 30 000 by default (HUB-9). */
  readonly serverTimeoutMs?: number
  /** WebSocket constructor; defaults to `ws`. Passed explicitly so bundling cannot drop it (HUB-13). */
  readonly webSocketCtor?: typeof WebSocket
}

const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g
const TOKEN_PARAM = /([?&](?:access_token|token|auth)=)[^&\s'"]+/gi
const BEARER = /(Bearer\s+)[^\s'"]+/gi

/** Removes tokens from a SignalR log message (URLs with `access_token`, bearer values, raw JWTs). */
export function redactHubLog(message: string): string {
  return message.replace(TOKEN_PARAM, '$1[REDACTED]').replace(BEARER, '$1[REDACTED]').replace(JWT, '[TOKEN_REDACTED]')
}

/** Routes SignalR's own log lines through the Logger port, redacted first (LOG-2). */
export class SignalrLogAdapter implements ILogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string): void {
    if (level === LogLevel.Trace || level === LogLevel.None) return // per-frame noise
    const text = redactHubLog(message)
    if (level === LogLevel.Debug || level === LogLevel.Information) this.logger.debug(text)
    else if (level === LogLevel.Warning) this.logger.warn(text)
    else this.logger.error(text)
  }
}

/**
 * A `ws` subclass that reports the HTTP status of a refused upgrade. The library only surfaces a generic
 * "WebSocket failed to connect" error, so without this a 401 could not be told apart from a 503 (HUB-8).
 */
function observedWebSocket(base: typeof WebSocket, onStatus: (status: number) => void): typeof WebSocket {
  // Cast: TS compares against ws's `address: null` server-side overload, which the library never uses.
  return class ObservedWebSocket extends base {
    constructor(address: string | URL, protocols?: string | string[], options?: WebSocket.ClientOptions | ClientRequestArgs) {
      super(address, protocols, options)
      this.on('error', (err: Error) => {
        const m = /Unexpected server response: (\d{3})/.exec(err.message)
        if (m?.[1] !== undefined) onStatus(Number(m[1]))
      })
    }
  } as unknown as typeof WebSocket
}

function withQueryToken(url: string, token: string | null): string {
  if (token === null || token === '') return url
  return `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`
}

/** Returns a {@link ConnectionFactory} producing real SignalR connections for one hub URL. */
export function createSignalrConnectionFactory(options: SignalrConnectionOptions): ConnectionFactory {
  const base = options.webSocketCtor ?? WebSocket
  const signalrLogger = new SignalrLogAdapter(options.logger)
  return (request) => {
    // Read the token at build time only for the query fallback; the header path calls the factory on
    // every (re)connect attempt so a swapped token is used by the very next attempt (TOK-12, F16).
    const url = options.hubTokenInQuery === true ? withQueryToken(options.url, options.tokenSource.current()) : options.url
    // `WebSocket` is a real runtime option that the published .d.ts omits, hence the widened type.
    const httpOptions: IHttpConnectionOptions & { WebSocket: unknown } = {
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
      accessTokenFactory: () => {
        const token = options.tokenSource.current() ?? ''
        request.onTokenUsed?.(token)
        return token
      },
      WebSocket: observedWebSocket(base, request.onUpgradeRejected),
      logger: signalrLogger,
    }
    const connection = new HubConnectionBuilder()
      .withUrl(url, httpOptions)
      .withAutomaticReconnect(request.retryPolicy)
      .configureLogging(signalrLogger)
      .withKeepAliveInterval(options.keepAliveIntervalMs ?? 15_000)
      .withServerTimeout(options.serverTimeoutMs ?? 30_000)
      .build()
    return connection
  }
}
