// Words, icons and tones for every connection and data state, so nothing is shown by colour alone.

import type { DataFreshness, HubState, OverallStatus, RestHealthState, TokenState } from '../../../../shared/domain/health'
import type { IconName } from '../../components/Icon'
import type { LinkState } from '../../bridge/ws-api'

/** How a state is shown: a word (or short phrase), an icon, and a tone that picks the colour. */
export interface StateLook {
  readonly word: string
  readonly icon: IconName
  readonly tone: 'ok' | 'warn' | 'bad' | 'idle'
}

export const OVERALL_LOOK: Readonly<Record<OverallStatus, StateLook>> = {
  OK: { word: 'Monitoring', icon: 'check', tone: 'ok' },
  DEGRADED: { word: 'Degraded', icon: 'warning', tone: 'warn' },
  DOWN: { word: 'DOWN', icon: 'cross', tone: 'bad' },
  NOT_MONITORING: { word: 'NOT MONITORING', icon: 'pause', tone: 'bad' },
}

export const HUB_LOOK: Readonly<Record<HubState, StateLook>> = {
  DISCONNECTED: { word: 'Disconnected', icon: 'cross', tone: 'bad' },
  CONNECTING: { word: 'Connecting', icon: 'spinner', tone: 'warn' },
  CONNECTED: { word: 'Connected', icon: 'check', tone: 'ok' },
  RECONNECTING: { word: 'Reconnecting', icon: 'spinner', tone: 'warn' },
  POLLING: { word: 'Polling (hub down)', icon: 'poll', tone: 'warn' },
  // The supervisor never gives up: after the library's policy ends it rebuilds the connection every ~60 s.
  PERMANENTLY_DISCONNECTED: { word: 'Down, retrying each minute', icon: 'cross', tone: 'bad' },
  AUTH_REFRESH: { word: 'Renewing sign-in', icon: 'spinner', tone: 'warn' },
}

export const TOKEN_LOOK: Readonly<Record<TokenState, StateLook>> = {
  INITIAL: { word: 'Not signed in', icon: 'dash', tone: 'idle' },
  VALID: { word: 'Valid', icon: 'check', tone: 'ok' },
  REFRESHING: { word: 'Refreshing', icon: 'spinner', tone: 'warn' },
  ERROR: { word: 'Error', icon: 'cross', tone: 'bad' },
  EXPIRED: { word: 'Expired', icon: 'lock', tone: 'bad' },
  SIGNED_OUT: { word: 'Signed out', icon: 'lock', tone: 'idle' },
}

export const REST_LOOK: Readonly<Record<RestHealthState, StateLook>> = {
  HEALTHY: { word: 'Healthy', icon: 'check', tone: 'ok' },
  DEGRADED: { word: 'Slow or failing', icon: 'warning', tone: 'warn' },
  UNHEALTHY: { word: 'Unhealthy', icon: 'cross', tone: 'bad' },
  DISCONNECTED: { word: 'Unreachable', icon: 'cross', tone: 'bad' },
}

export const FRESHNESS_LOOK: Readonly<Record<DataFreshness, StateLook>> = {
  FRESH: { word: 'Fresh', icon: 'check', tone: 'ok' },
  STALE: { word: 'Stale', icon: 'clock', tone: 'warn' },
  RECONCILING: { word: 'Reconciling', icon: 'spinner', tone: 'warn' },
}

export const LINK_LOOK: Readonly<Record<LinkState, StateLook>> = {
  connecting: { word: 'Connecting', icon: 'spinner', tone: 'warn' },
  open: { word: 'Connected', icon: 'plug', tone: 'ok' },
  reconnecting: { word: 'Reconnecting', icon: 'spinner', tone: 'warn' },
  unreachable: { word: 'Unreachable', icon: 'cross', tone: 'bad' },
}

/** Shown while the automatic re-login is paused after fatal failures (KEY-3). */
export const LOCKED_LOOK: StateLook = { word: 'Locked: press Retry', icon: 'lock', tone: 'bad' }
