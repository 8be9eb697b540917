// Frames of the headless host's loopback WebSocket bridge. It carries the same contract as Electron
// IPC: requests by name with a Result reply, and pushed events with the host's sequence number.

import type { Result } from '../errors'
import type { EventName } from './contract'

/** Path of the WebSocket bridge on the headless host. */
export const BRIDGE_PATH = '/bridge'
/** The subprotocol every bridge connection speaks. */
export const BRIDGE_PROTOCOL = 'tiltguard.v1'
/**
 * Prefix of the second subprotocol, which carries the per-run secret. Browsers cannot set headers on
 * a WebSocket, and a subprotocol keeps the secret out of URLs, logs and history (a query would not).
 */
export const BRIDGE_SECRET_PROTOCOL_PREFIX = 'tiltguard.secret.'
/** Name of the URL fragment parameter the printed dashboard URL carries the secret in. */
export const SECRET_FRAGMENT_KEY = 'secret'
/** Largest frame the bridge accepts, in bytes; contract inputs are tiny. */
export const BRIDGE_MAX_FRAME_BYTES = 64 * 1024

/** Client → host: one contract request. `id` is chosen by the client and echoed in the reply. */
export interface BridgeRequest {
  readonly id: number
  readonly name: string
  readonly input: unknown
}

/** Host → client: the reply to a request; `id` is null when the frame could not be read at all. */
export interface BridgeReply {
  readonly id: number | null
  readonly result: Result<unknown>
}

/** Host → client: a pushed event. */
export interface BridgePush {
  readonly event: EventName
  readonly seq: number
  readonly payload: unknown
}

export type BridgeServerFrame = BridgeReply | BridgePush
