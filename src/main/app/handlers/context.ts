// What every handler group gets: the mode controller's use cases and the active session (through its
// facade, MonitoredGateway), the engine services, and the clock.
import type { Clock } from '../../ports/clock'
import type { GatewayModes } from '../gateway-modes'

/** The part of the mode controller the handlers use; a test can hand them a small stand-in. */
export type HandlerModes = Pick<
  GatewayModes,
  | 'current'
  | 'requireCurrent'
  | 'currentAudit'
  | 'activeAudit'
  | 'requireStore'
  | 'riskSnapshot'
  | 'services'
  | 'publisher'
  | 'simulatorControl'
  | 'signIn'
  | 'signOut'
  | 'forgetCredentials'
  | 'useSimulator'
>

export interface HandlerContext {
  readonly modes: HandlerModes
  readonly clock: Clock
}
