// Every rule, one line each: adding a rule is one file plus one line here (and its block in the config).
import { authLossGuard } from './auth-loss-guard'
import { cooldownAfterLoss } from './cooldown-after-loss'
import { dailyRealizedLoss } from './daily-realized-loss'
import { dailyUnrealizedLoss } from './daily-unrealized-loss'
import { maxContracts } from './max-contracts'
import { maxContractsPerInstrument } from './max-contracts-per-instrument'
import { maxUnrealizedProfit } from './max-unrealized-profit'
import { noStopLossGrace } from './no-stop-loss-grace'
import { sessionBlockOutside } from './session-block-outside'
import { symbolBlocks } from './symbol-blocks'
import { tradeFrequencyLimit } from './trade-frequency-limit'
import { tradeManagement } from './trade-management'
import { weeklyRealizedLoss } from './weekly-realized-loss'

/** In §4.1 order (PIPE-3): every rule runs for every event, and the merge makes order irrelevant to the plan. */
export const RULES = [
  maxContracts,
  maxContractsPerInstrument,
  dailyRealizedLoss,
  weeklyRealizedLoss,
  dailyUnrealizedLoss,
  maxUnrealizedProfit,
  tradeFrequencyLimit,
  cooldownAfterLoss,
  noStopLossGrace,
  sessionBlockOutside,
  authLossGuard,
  symbolBlocks,
  tradeManagement,
] as const

export type RuleId = (typeof RULES)[number]['id']
