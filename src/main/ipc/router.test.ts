// Contract validation at the IPC boundary: malformed payloads get a typed error, never a crash.
import { describe, expect, it } from 'vitest'
import { assertUniqueChannels, createIpcRouter, RouterSetupError } from './router'
import { FakeEngine } from '../../../test/fakes/fake-engine'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { requests } from '../../shared/ipc/contract'
import type { ContractHandlers } from '../../shared/ipc/api'
import { appError } from '../../shared/errors'

function setup() {
  const engine = new FakeEngine()
  const logger = new MemoryLogger()
  const router = createIpcRouter(engine.handlers, { logger })
  return { engine, logger, router }
}

describe('createIpcRouter', () => {
  it('runs a valid request by name and by channel', async () => {
    const { engine, router } = setup()
    const byName = await router.dispatch('listAudit', { limit: 5 })
    expect(byName).toEqual({ ok: true, value: engine.snapshot.audit })
    const byChannel = await router.dispatchChannel('kill:flatten-all', { accountId: null, confirm: true })
    expect(byChannel.ok).toBe(true)
    expect(engine.calls.map((c) => c.name)).toEqual(['listAudit', 'flattenAll'])
  })

  it('lists every contract channel once', () => {
    const { router } = setup()
    expect([...router.channels].sort()).toEqual(Object.values(requests).map((r) => r.channel).sort())
    expect(router.names).toEqual(Object.keys(requests))
  })

  it('refuses unknown names and channels, including prototype keys', async () => {
    const { engine, router } = setup()
    for (const result of [
      await router.dispatch('deleteEverything', {}),
      await router.dispatch('toString', {}),
      await router.dispatch('__proto__', {}),
      await router.dispatchChannel('app:get-snapshot-x', {}),
      await router.dispatchChannel(42 as unknown as string, {}),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
    expect(engine.calls).toEqual([])
  })

  it('answers VALIDATION_FAILED with field paths and never calls the handler', async () => {
    const { engine, router } = setup()
    const result = await router.dispatch('signIn', { userName: '', apiKey: 'short', gateway: { restUrl: 'http://evil.example/' } })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('VALIDATION_FAILED')
    const paths = (result.error.detail?.issues as { path: string }[]).map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['userName', 'apiKey', 'gateway.restUrl', 'gateway.userHubUrl']))
    expect(engine.calls).toEqual([])
  })

  it('never echoes the rejected values (an API key could be among them)', async () => {
    const { router } = setup()
    const result = await router.dispatch('signIn', { userName: 'trader', apiKey: 'k'.repeat(600) })
    expect(JSON.stringify(result)).not.toContain('kkkkkkkk')
  })

  it('refuses extra fields, wrong types and missing input', async () => {
    const { router } = setup()
    for (const input of [{ limit: 5, extra: 1 }, { limit: '5' }, undefined, null, 'x', [1]]) {
      const result = await router.dispatch('listAudit', input)
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    }
    const unconfirmed = await router.dispatch('flattenAll', { accountId: null, confirm: false })
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', detail: { issues: [{ path: 'confirm' }] } } })
  })

  it('passes the parsed (trimmed) input to the handler', async () => {
    const { engine, router } = setup()
    await router.dispatch('signIn', { userName: '  trader  ', apiKey: '  abcdefghij  ' })
    expect(engine.calls[0]?.input).toEqual({ userName: 'trader', apiKey: 'abcdefghij' })
  })

  it('maps typed errors to their AppError and strips extra fields', async () => {
    const { engine, router } = setup()
    class AuthError extends Error {
      secret = 'do-not-leak'
      toAppError() {
        return appError('AUTH_FAILED', 'API key not accepted', false)
      }
    }
    engine.failNext = new AuthError('401 from gateway')
    expect(await router.dispatch('signOut', {})).toEqual({ ok: false, error: { code: 'AUTH_FAILED', message: 'API key not accepted', retryable: false } })

    engine.failNext = { ...appError('RATE_LIMITED', 'Slow down', true, { retryAfterMs: 1000 }), stack: 'x' }
    expect(await router.dispatch('signOut', {})).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Slow down', retryable: true, detail: { retryAfterMs: 1000 } },
    })
  })

  it('turns anything else into a generic INTERNAL error and logs it', async () => {
    const { engine, logger, router } = setup()
    engine.failNext = new TypeError('cannot read properties of undefined (reading "x")')
    const result = await router.dispatch('getSnapshot', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', retryable: false } })
    if (!result.ok) expect(result.error.message).not.toContain('undefined')
    expect(logger.lines.some((l) => l.level === 'error' && l.context?.request === 'getSnapshot')).toBe(true)

    engine.failNext = 'a bare string'
    expect(await router.dispatch('getSnapshot', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('keeps serving after a failure', async () => {
    const { engine, router } = setup()
    engine.failNext = new Error('boom')
    await router.dispatch('getSnapshot', {})
    expect(await router.dispatch('getSnapshot', {})).toMatchObject({ ok: true })
  })

  it('fails at startup when a handler is missing', () => {
    const { engine } = setup()
    const { listAudit: _dropped, ...partial } = engine.handlers
    expect(() => createIpcRouter(partial as ContractHandlers, { logger: new MemoryLogger() })).toThrow(/listAudit/)
  })

  it('fails at startup on duplicate channels', () => {
    expect(() => assertUniqueChannels({ a: { channel: 'x:y' }, b: { channel: 'x:y' } })).toThrow(RouterSetupError)
    expect(() => assertUniqueChannels(requests)).not.toThrow()
  })
})
