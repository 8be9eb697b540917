// Dashboard actions: kill switch steps and session requests, against a scripted API.
import { describe, expect, it } from 'vitest'
import { createActions } from './actions'
import { createTiltguardStore } from './store'
import type { TiltguardApi } from '../../../shared/ipc/api'
import { cannedSnapshot } from '../../../../test/fakes/fake-engine'

function setup(overrides: Partial<Record<keyof TiltguardApi, unknown>> = {}) {
  const calls: { name: string; input: unknown }[] = []
  const report = { startedAt: 0, finishedAt: 500, accounts: [] }
  const api = new Proxy({} as TiltguardApi, {
    get: (_t, name: string) =>
      overrides[name as keyof TiltguardApi] ??
      (async (input: unknown) => {
        calls.push({ name, input })
        if (name === 'flattenAll') return { ok: true, value: report }
        if (name === 'signIn') return { ok: false, error: { code: 'AUTH_FAILED', message: 'API key not accepted', retryable: false } }
        return { ok: true, value: cannedSnapshot().session }
      }),
  })
  const store = createTiltguardStore()
  return { actions: createActions(api, store), store, calls, report }
}

describe('createActions', () => {
  it('runs the kill switch only after the confirm step, with confirm: true', async () => {
    const { actions, store, calls, report } = setup()
    await actions.confirmKillSwitch()
    expect(calls).toEqual([])
    actions.armKillSwitch()
    expect(store.getState().killSwitch.phase).toBe('confirming')
    await actions.confirmKillSwitch()
    expect(calls).toEqual([{ name: 'flattenAll', input: { accountId: null, confirm: true } }])
    expect(store.getState().killSwitch).toEqual({ phase: 'done', report, error: null })
    actions.resetKillSwitch()
    expect(store.getState().killSwitch.phase).toBe('idle')
  })

  it('shows a failed kill switch', async () => {
    const { actions, store } = setup({
      flattenAll: async () => ({ ok: false, error: { code: 'ENFORCEMENT_BUSY', message: 'Already flattening', retryable: true } }),
    })
    actions.armKillSwitch()
    await actions.confirmKillSwitch()
    expect(store.getState().killSwitch).toMatchObject({ phase: 'failed', error: { code: 'ENFORCEMENT_BUSY' } })
  })

  it('keeps a sign-in error for the form and stores sessions from other requests', async () => {
    const { actions, store } = setup()
    expect(await actions.signIn('trader', 'abcdefghij')).toBe(false)
    expect(store.getState()).toMatchObject({ sessionBusy: false, sessionError: { code: 'AUTH_FAILED' } })
    await actions.useSimulator()
    expect(store.getState()).toMatchObject({ sessionError: null, session: cannedSnapshot().session })
  })
})
