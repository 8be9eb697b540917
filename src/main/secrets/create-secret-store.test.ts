// The secret-store chooser (STORE-3, F24): real keychain when healthy, else safeStorage, else memory with a warning.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { KEYTAR_MISSING_WARNING, MEMORY_ONLY_WARNING, createSecretStore, probeKeychain } from './create-secret-store'
import { FakeSafeStorage } from '../../../test/support/secrets/fake-safe-storage'
import { keychainTestEnv } from '../../../test/support/secrets/keychain-test-support'
import { SECRET_KEYS, loadKeytar, type KeytarLike } from './keytar-secret-store'

const env = await keychainTestEnv('create-secret-store')
const dir = mkdtempSync(join(tmpdir(), 'tg-choose-'))
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  if (!env.skip && env.keytar) for (const key of SECRET_KEYS) await env.keytar.deletePassword(env.service, key).catch(() => false)
})

const throwing: KeytarLike = {
  getPassword: () => Promise.reject(new Error('Object does not exist at path /org/freedesktop/secrets/collection/login')),
  setPassword: () => Promise.reject(new Error('Object does not exist at path /org/freedesktop/secrets/collection/login')),
  deletePassword: () => Promise.reject(new Error('Object does not exist at path /org/freedesktop/secrets/collection/login')),
}

describe('createSecretStore', () => {
  it.skipIf(env.skip)('STORE-3 a healthy keychain is chosen, with no warning and no probe entry left behind', async () => {
    const logger = new MemoryLogger()
    const store = await createSecretStore({ logger, service: env.service, safeStorage: new FakeSafeStorage(), safeStorageFile: join(dir, 'a.json') })
    expect(store.kind).toBe('keychain')
    expect(store.warning).toBeNull()
    await store.set('apiKey', 'tg-chooser-key-123456')
    expect(await (env.keytar as KeytarLike).getPassword(env.service, 'apiKey')).toBe('tg-chooser-key-123456')
  })

  it('F24 keytar throwing on every call falls back to memory with a visible warning', async () => {
    const logger = new MemoryLogger()
    const store = await createSecretStore({ logger, keytar: throwing, service: 'unused' })
    expect(store.kind).toBe('memory')
    expect(store.warning).toBe(MEMORY_ONLY_WARNING)
    await store.set('apiKey', 'kept-in-memory-only')
    expect(await store.get('apiKey')).toBe('kept-in-memory-only')
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true)
  })

  it('F24 keytar that cannot even load falls back to memory', async () => {
    const store = await createSecretStore({
      logger: new MemoryLogger(),
      keytar: () => Promise.reject(new Error('Could not locate the bindings file')),
    })
    expect(store.kind).toBe('memory')
  })

  it('STORE-3 a broken keychain with working safeStorage uses safeStorage', async () => {
    const store = await createSecretStore({
      logger: new MemoryLogger(),
      keytar: throwing,
      safeStorage: new FakeSafeStorage(),
      safeStorageFile: join(dir, 'b.json'),
    })
    expect(store.kind).toBe('safe-storage')
    expect(store.warning).not.toBeNull()
  })

  it('STORE-3 safeStorage without real encryption is skipped for memory, never plaintext', async () => {
    const store = await createSecretStore({
      logger: new MemoryLogger(),
      keytar: throwing,
      safeStorage: new FakeSafeStorage(true, 'basic_text'),
      safeStorageFile: join(dir, 'c.json'),
    })
    expect(store.kind).toBe('memory')
  })

  it('F24 a keychain that never answers is treated as unavailable after the probe timeout', async () => {
    const hanging: KeytarLike = { ...throwing, setPassword: () => new Promise<void>(() => {}) }
    const probe = await probeKeychain(hanging, 'unused', 20)
    expect(probe).toEqual({ ok: false, reason: expect.stringContaining('did not answer') })
  })

  it('STORE-3 a keychain that returns a different value fails the probe', async () => {
    const lying: KeytarLike = { getPassword: async () => 'other', setPassword: async () => {}, deletePassword: async () => true }
    expect((await probeKeychain(lying, 'svc')).ok).toBe(false)
  })

  it('UI-11.11 keytar absent (optional dependency skipped without libsecret): memory store that says why', async () => {
    const missing = Object.assign(new Error("Cannot find package 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' })
    const store = await createSecretStore({ logger: new MemoryLogger(), keytar: () => loadKeytar(() => Promise.reject(missing)) })
    expect(store.kind).toBe('memory')
    expect(store.warning).toBe(KEYTAR_MISSING_WARNING)
  })

  it('a keytar that is installed but broken keeps the general keychain warning', async () => {
    const store = await createSecretStore({ logger: new MemoryLogger(), keytar: () => loadKeytar(() => Promise.reject(new Error('libsecret-1.so.0: cannot open'))) })
    expect(store.warning).toBe(MEMORY_ONLY_WARNING)
  })
})
