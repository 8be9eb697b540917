// What every handler group gets: the mode controller (the active session, the engine services) and the clock.
import type { Clock } from '../../ports/clock'
import type { GatewayModes } from '../gateway-modes'

export interface HandlerContext {
  readonly modes: GatewayModes
  readonly clock: Clock
}
