// Risk-core fixtures shared by the enforcement benchmarks: contracts with tick figures, a rules config,
// and a risk state holding open positions, built the way the engine builds it (through `step`).

import { createRiskState, parseRulesYaml, step, type RiskConfig, type RiskState } from '../src/main/risk'
import { OrderSide } from '../src/shared/projectx/enums'

export interface BenchContract {
  readonly contractId: string
  readonly tickSize: number
  readonly tickValue: number
  /** Price the positions open at; quotes move a few ticks around it. */
  readonly basePrice: number
}

/** Ten futures a busy trader might hold at once. */
export const CONTRACTS: readonly BenchContract[] = [
  { contractId: 'CON.F.US.MNQ.Z26', tickSize: 0.25, tickValue: 0.5, basePrice: 21_000 },
  { contractId: 'CON.F.US.ENQ.Z26', tickSize: 0.25, tickValue: 5, basePrice: 21_000 },
  { contractId: 'CON.F.US.MES.Z26', tickSize: 0.25, tickValue: 1.25, basePrice: 6_000 },
  { contractId: 'CON.F.US.EP.Z26', tickSize: 0.25, tickValue: 12.5, basePrice: 6_000 },
  { contractId: 'CON.F.US.RTY.Z26', tickSize: 0.1, tickValue: 5, basePrice: 2_300 },
  { contractId: 'CON.F.US.M2K.Z26', tickSize: 0.1, tickValue: 0.5, basePrice: 2_300 },
  { contractId: 'CON.F.US.YM.Z26', tickSize: 1, tickValue: 5, basePrice: 44_000 },
  { contractId: 'CON.F.US.MYM.Z26', tickSize: 1, tickValue: 0.5, basePrice: 44_000 },
  { contractId: 'CON.F.US.CLE.Z26', tickSize: 0.01, tickValue: 10, basePrice: 70 },
  { contractId: 'CON.F.US.GCE.Z26', tickSize: 0.1, tickValue: 10, basePrice: 2_400 },
]

/** Parses rules YAML or throws with every error (a benchmark with a bad config must not run). */
export function rulesFrom(yaml: string): RiskConfig {
  const parsed = parseRulesYaml(yaml)
  if (!parsed.ok) throw new Error(`bench rules refused: ${parsed.errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`)
  return parsed.config
}

/**
 * Every rule that reads quotes, with limits far from the prices the benchmark moves, so each one evaluates
 * on every quote and none fires (a firing rule would change the state under measurement).
 */
export const QUOTE_RULES_YAML = [
  'rules:',
  '  daily_unrealized_loss: { loss_limit: 1000000, scope: per_position, action: CLOSE_POSITION }',
  '  max_unrealized_profit: { mode: profit_target, profit_target: 1000000, scope: per_position, action: CLOSE_POSITION }',
  '  daily_realized_loss: { loss_limit: 1000000, include_unrealized: true, action: CLOSE_ALL_AND_LOCKOUT }',
  '  trade_management: { enabled: false }',
  '',
].join('\n')

/**
 * A risk state with `accounts` accounts (ids 1001…) each holding one position per contract in `contracts`,
 * with an opening fill each, folded through `step` as the feed would deliver them.
 */
export function stateWithPositions(config: RiskConfig, accounts: number, contracts: readonly BenchContract[], at: number): RiskState {
  let state = createRiskState()
  let tradeId = 1
  for (let a = 0; a < accounts; a++) {
    const accountId = 1001 + a
    state = step(state, config, { kind: 'account', at, accountId, name: `BENCH-${accountId}`, balance: 50_000, canTrade: true }).state
    contracts.forEach((c, i) => {
      const side = (a + i) % 2 === 0 ? 'long' : 'short'
      const orderId = 10_000 + tradeId
      state = step(state, config, {
        kind: 'trade',
        at,
        accountId,
        tradeId: tradeId++,
        orderId,
        contractId: c.contractId,
        executedAt: at - 60_000,
        price: c.basePrice,
        size: 1,
        side: side === 'long' ? OrderSide.Bid : OrderSide.Ask,
        profitAndLoss: null,
        fees: 0.37,
        commissions: 0,
        voided: false,
        sentByTiltguard: false,
      }).state
      state = step(state, config, {
        kind: 'position',
        at,
        accountId,
        positionId: orderId,
        contractId: c.contractId,
        side,
        size: 1,
        averagePrice: c.basePrice,
        openedAt: at - 60_000,
        tickSize: c.tickSize,
        tickValue: c.tickValue,
      }).state
    })
  }
  return state
}
