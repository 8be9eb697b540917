// Results of the kill switch and other enforcement actions, as the UI shows them.

export interface AccountFlattenResult {
  readonly accountId: number
  readonly positionsClosed: number
  readonly ordersCancelled: number
  /** True when the account was verified flat with no working orders afterwards. */
  readonly verifiedFlat: boolean
  /** Trader-readable problems, e.g. "cancel refused: Live accounts not supported". */
  readonly problems: readonly string[]
}

export interface KillSwitchReport {
  readonly startedAt: number
  readonly finishedAt: number
  readonly accounts: readonly AccountFlattenResult[]
}
