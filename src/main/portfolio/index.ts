// Public surface of the portfolio room: the domain records (accounts, orders, positions, fills), the mirror
// that holds them with the quotes, and its change stream (the risk core's input). gateway/ depends on
// this room and converts the wire into its records; this room never imports gateway/.
export type { Account, Fill, Order, Position } from './model'
export {
  PortfolioMirror,
  TILTGUARD_TAG_PREFIX,
  isTerminalStatus,
  isWorkingStatus,
  netPnl,
} from './portfolio-mirror'
export type { PortfolioMirrorOptions } from './portfolio-mirror'
export type {
  AccountDiff,
  AccountSnapshotInput,
  LiveSize,
  MirrorChange,
  MirrorListener,
  QuoteEntry,
  SyncCompletion,
} from './mirror-types'
export { isEmptyDiff, isEntityChange } from './mirror-types'
