// Alerts on transitions only: WARNING, a new breach, a new lockout; never on first load or repeats.
import { describe, expect, it } from 'vitest'
import { startAlertWatcher } from './alert-watcher'
import { createTiltguardStore } from '../state/store'
import { cannedRisk } from '../../../../test/fakes/canned-dashboard'
import type { RiskSnapshot } from '../../../shared/domain/risk'

function calmed(): RiskSnapshot {
  const r = cannedRisk()
  return { ...r, accounts: r.accounts.map((a) => ({ ...a, status: 'ACTIVE' as const, lockouts: [], rules: a.rules.map((x) => ({ ...x, standing: 'ok' as const })) })) }
}

describe('startAlertWatcher', () => {
  it('alerts on each transition once, with the channels the trader chose', () => {
    const store = createTiltguardStore()
    const seen: { title: string; desktop: boolean; sound: boolean }[] = []
    startAlertWatcher(store, (m, ch) => seen.push({ title: m.title, ...ch }))
    store.getState().setRisk(calmed())
    expect(seen).toEqual([])
    store.getState().setRisk(cannedRisk())
    expect(seen.map((s) => s.title).sort()).toEqual(['Account 102 WARNING', 'Account 103 LOCKED', 'Account 103 LOCKED', 'Account 103: Daily loss limit breached'].sort())
    expect(seen.find((s) => s.title.includes('WARNING'))).toMatchObject({ desktop: true, sound: false })
    seen.length = 0
    store.getState().setRisk({ ...cannedRisk(), at: cannedRisk().at + 5 })
    expect(seen).toEqual([])
  })
})
