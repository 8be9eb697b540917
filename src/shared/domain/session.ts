// What the UI may know about the session: never the user name, API key or token themselves.

import type { TokenState } from './health'

export type GatewayMode = 'simulator' | 'live'

export interface SessionInfo {
  readonly state: TokenState
  /** Which gateway the engine watches right now. */
  readonly mode: GatewayMode
  /** A masked hint such as "j***e" so the trader recognises the account, or null when signed out. */
  readonly userHint: string | null
  readonly expiresAt: number | null
  /** Where secrets are kept; anything but 'keychain' comes with `secretWarning`. */
  readonly secretStorage: 'keychain' | 'safe-storage' | 'memory'
  readonly secretWarning: string | null
  /** The last sign-in failure in trader words (KEY-2), e.g. "API key not accepted". */
  readonly lastError: string | null
  /** False after repeated or fatal login failures until the trader presses Retry (KEY-3). */
  readonly autoReloginEnabled: boolean
}

/** A contract of the built-in simulator a newcomer can practise on. */
export interface SimContractView {
  readonly contractId: string
  /** Short name, e.g. MNQZ6. */
  readonly name: string
  readonly tickSize: number
  /** Latest price the engine has, null before the first quote. */
  readonly lastPrice: number | null
}
