// Replay: fold recorded events through the core, returning each step's state and plans (same events,
// same states: the core is deterministic).
import type { RiskConfig } from './config/schema'
import type { RiskEvent } from './events'
import { createRiskState, type RiskState } from './state'
import { step, type StepResult } from './step'

export function replay(events: readonly RiskEvent[], config: RiskConfig, initial: RiskState = createRiskState()): StepResult[] {
  const steps: StepResult[] = []
  let state = initial
  let current = config
  for (const event of events) {
    const result = step(state, current, event)
    steps.push(result)
    state = result.state
    current = result.config
  }
  return steps
}
