// Public surface of the portfolio room: the mirror of accounts, positions, orders, fills and quotes, and
// its change stream (the risk core's input). gateway/ depends on this room, never the reverse.
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
