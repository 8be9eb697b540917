// Every panel renders the canned engine data without throwing, names things one way, and shows each
// state in words (server-rendered: effects such as the chart do not run, and virtualised rows need a browser: the
// e2e tests cover those).
import { describe, expect, it } from 'vitest'
import { renderToString } from 'react-dom/server'
import { App } from './App'
import { ActionsContext } from './actions-context'
import { createActions } from '../state/actions'
import { tiltguardStore } from '../state/store'
import type { TiltguardApi } from '../../../shared/ipc/api'
import { cannedSnapshot } from '../../../../test/fakes/fake-engine'
import { cannedRulesDocument } from '../../../../test/fakes/canned-dashboard'

// Server rendering reads zustand's initial state; make it read the current one.
Object.assign(tiltguardStore, { getInitialState: () => tiltguardStore.getState() })

function render(): string {
  const api = new Proxy({} as TiltguardApi, { get: () => async () => ({ ok: false, error: { code: 'INTERNAL', message: 'offline', retryable: true } }) })
  return renderToString(
    <ActionsContext.Provider value={createActions(api, tiltguardStore)}>
      <App />
    </ActionsContext.Provider>,
  )
}

describe('App', () => {
  it('shows loading states before the snapshot', () => {
    const html = render()
    expect(html).toContain('Loading accounts…')
    expect(html).toContain('Loading positions…')
  })

  it('renders the dashboard from a snapshot: every account state in words, names with numbers on hover', () => {
    const snap = cannedSnapshot()
    const s = tiltguardStore.getState()
    s.setPortfolio(snap.portfolio)
    s.setRisk(snap.risk)
    s.setFills(snap.fills)
    s.setAudit(snap.audit)
    tiltguardStore.setState({ health: snap.health, session: snap.session })
    const html = render()
    for (const word of ['ACTIVE', 'WARNING', 'LOCKED', 'SIMULATOR', 'HOLD TO FLATTEN', 'Daily loss limit', 'Cool-down after a loss', 'EVAL-102', '+$28.50']) expect(html).toContain(word)
    expect(html).toContain('title="account #103"')
  })

  it('renders the settings view with the rules editor', () => {
    tiltguardStore.getState().setRulesDocument(cannedRulesDocument())
    tiltguardStore.getState().setView('settings')
    const html = render()
    for (const text of ['Rules editor', 'Admin password', 'Notifications', 'Shadow mode', 'Backstop checklist', 'Trading day']) expect(html).toContain(text)
    tiltguardStore.getState().setView('dashboard')
  })
})
