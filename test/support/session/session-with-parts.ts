// A GatewaySession built the way the mode controller builds it, with its parts kept for the tests that
// inspect them (the reconciler's status, the REST client's breakers, the mirror) instead of the facade.
import { GatewaySession } from '../../../src/main/app/session/gateway-session'
import {
  wireGatewaySession,
  type GatewaySessionDeps,
  type SessionParts,
} from '../../../src/main/app/session/wire-session'

export interface SessionWithParts {
  readonly session: GatewaySession
  readonly parts: SessionParts
}

export function sessionWithParts(deps: GatewaySessionDeps): SessionWithParts {
  const parts = wireGatewaySession(deps)
  return { session: new GatewaySession(deps, parts), parts }
}
