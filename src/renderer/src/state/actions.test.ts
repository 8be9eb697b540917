// Dashboard actions against a FakeEngine: kill switch, session, rules, admin, shadow, preferences.
import { describe, expect, it } from 'vitest'
import { createActions } from './actions'
import { createTiltguardStore } from './store'
import type { TiltguardApi } from '../../../shared/ipc/api'
import { FAKE_ADMIN_PASSWORD, FakeEngine, cannedSnapshot } from '../../../../test/fakes/fake-engine'

/** The FakeEngine's handlers as a TiltguardApi (refusals become error Results, as the router does). */
function setup() {
  const engine = new FakeEngine()
  const api = new Proxy({} as TiltguardApi, {
    get: (_t, name: string) => async (input: unknown) => {
      try {
        const handler = engine.handlers[name as keyof typeof engine.handlers] as (i: unknown) => Promise<unknown>
        return { ok: true, value: await handler(input) }
      } catch (e) {
        return { ok: false, error: (e as { toAppError(): unknown }).toAppError() }
      }
    },
  })
  const store = createTiltguardStore()
  return { actions: createActions(api, store), store, engine }
}

describe('createActions', () => {
  it('runs the kill switch with confirm: true once, and keeps the report until dismissed', async () => {
    const { actions, store, engine } = setup()
    const first = actions.runKillSwitch()
    void actions.runKillSwitch()
    await first
    expect(engine.calls.filter((c) => c.name === 'flattenAll')).toEqual([{ name: 'flattenAll', input: { accountId: null, confirm: true } }])
    expect(store.getState().killSwitch).toMatchObject({ phase: 'done', report: { finishedAt: expect.any(Number) } })
    actions.resetKillSwitch()
    expect(store.getState().killSwitch.phase).toBe('idle')
  })

  it('shows a failed kill switch', async () => {
    const { actions, store, engine } = setup()
    engine.failNext = { toAppError: () => ({ code: 'ENFORCEMENT_BUSY', message: 'Already flattening', retryable: true }) }
    await actions.runKillSwitch()
    expect(store.getState().killSwitch).toMatchObject({ phase: 'failed', error: { code: 'ENFORCEMENT_BUSY' } })
  })

  it('keeps a sign-in error for the form and stores sessions from other requests', async () => {
    const { actions, store, engine } = setup()
    engine.failNext = { toAppError: () => ({ code: 'AUTH_FAILED', message: 'API key not accepted', retryable: false }) }
    expect(await actions.signIn('trader', 'abcdefghij')).toBe(false)
    expect(store.getState()).toMatchObject({ sessionBusy: false, sessionError: { code: 'AUTH_FAILED' } })
    await actions.useSimulator()
    expect(store.getState()).toMatchObject({ sessionError: null, session: cannedSnapshot().session })
  })

  it('checks rules into the store and needs the admin password for a loosening save', async () => {
    const { actions, store, engine } = setup()
    const looser = engine.rules.yaml.replace('limit: 500', 'limit: 900')
    await actions.checkRules(looser)
    expect(store.getState().rulesCheck).toMatchObject({ yaml: looser, check: { ok: true, loosens: true } })
    const refused = await actions.saveRules(looser)
    expect(refused).toMatchObject({ ok: false, error: { code: 'ADMIN_REQUIRED' } })
    const saved = await actions.saveRules(looser, FAKE_ADMIN_PASSWORD)
    expect(saved.ok).toBe(true)
    expect(store.getState().rulesDocument?.yaml).toBe(looser)
    expect(store.getState().rulesCheck).toBeNull()
  })

  it('sets shadow mode with the password and reloads the preferences', async () => {
    const { actions, store } = setup()
    expect(await actions.setShadow(102, true)).toMatchObject({ code: 'ADMIN_REQUIRED' })
    expect(await actions.setShadow(102, true, FAKE_ADMIN_PASSWORD)).toBeNull()
    expect(store.getState().preferences.shadowAccounts).toEqual([102])
  })

  it('moves a preference at once and back when the engine refuses', async () => {
    const { actions, store, engine } = setup()
    const next = { ...store.getState().preferences, theme: 'light' as const }
    expect(await actions.updatePreferences(next)).toBeNull()
    expect(store.getState().preferences.theme).toBe('light')
    engine.failNext = { toAppError: () => ({ code: 'VALIDATION_FAILED', message: 'not wired yet', retryable: false }) }
    expect(await actions.updatePreferences({ ...next, theme: 'dark' })).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(store.getState().preferences.theme).toBe('light')
  })

  it('verifies the audit chain and exports CSV', async () => {
    const { actions, store } = setup()
    await actions.verifyAudit()
    expect(store.getState().auditChain).toEqual({ ok: true, checked: 3, brokenAt: null })
    const csv = await actions.exportAudit(103)
    expect(csv).toMatchObject({ ok: true, value: { rows: 1 } })
  })
})
