// Behaviour switches of the simulated gateway (issue 8): the resolved, run-time mutable form of the options.

/** What the gateway does where live behaviour is observed but optional for tests; every field can change at run time. */
export interface SimBehaviour {
  /** Whole quotes on every frame; default false = partial quotes (only the fields that changed), as the live market hub. */
  fullQuotes: boolean
  /** Live close sequence: re-send the opening fill before the size-0 position and repeat the account event later. Default true. */
  closeSequence: boolean
  /** Virtual ms after a close at which the account event is sent once more (close sequence on). Default 3000. */
  accountEchoMs: number
  /** Limit/stop prices further than this percentage from the market are refused; 0 turns the band off. Default 10. */
  priceBandPercent: number
  /** canTrade false also cancels the account's resting orders (unverified live, hence default false). */
  cancelOnCanTradeFalse: boolean
  /** Working orders expire (status 4) when the session closes: every order here is a day order. Default true. */
  expireAtSessionEnd: boolean
  /** Virtual ms an order spends in PendingCancellation (7) before Cancelled; 0 = straight to Cancelled. Default 0. */
  cancelLatencyMs: number
}

export const DEFAULT_BEHAVIOUR: Readonly<SimBehaviour> = {
  fullQuotes: false,
  closeSequence: true,
  accountEchoMs: 3000,
  priceBandPercent: 10,
  cancelOnCanTradeFalse: false,
  expireAtSessionEnd: true,
  cancelLatencyMs: 0,
}
