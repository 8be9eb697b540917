// KeytarSecretStore against the REAL Secret Service (gnome-keyring via scripts/with-keyring.sh).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { KeychainUnavailableError } from './errors'
import { keychainTestEnv } from '../../../test/support/secrets/keychain-test-support'
import { KeytarSecretStore, SECRET_KEYS, forgetAllSecrets, type KeytarLike } from './keytar-secret-store'

const env = await keychainTestEnv('keytar-secret-store')
const API_KEY = 'tg-test-api-key-9f8e7d6c5b4a39281706'
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl'

/** secret-tool (libsecret-tools) is optional; without it the cross-check is skipped. */
function hasSecretTool(): boolean {
  return spawnSync('secret-tool', [], { stdio: 'ignore' }).error === undefined
}

function lookup(service: string, account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'account', account], { encoding: 'utf8' })
  } catch {
    return null // secret-tool exits 1 when nothing matches
  }
}

/** Every file below a dir, for plaintext scans. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

const store = (logger = new MemoryLogger()): KeytarSecretStore =>
  new KeytarSecretStore({ keytar: env.keytar as KeytarLike, service: env.service, logger })

afterAll(async () => {
  if (!env.skip && env.keytar) for (const key of SECRET_KEYS) await env.keytar.deletePassword(env.service, key).catch(() => false)
})

describe('KeytarSecretStore (real Secret Service)', () => {
  it.skipIf(env.skip)('STORE-1 round trip: values are stored in and read from the keychain', async () => {
    const s = store()
    expect(s.kind).toBe('keychain')
    expect(s.warning).toBeNull()
    await s.set('userName', 'trader.one')
    await s.set('apiKey', API_KEY)
    await s.set('sessionToken', TOKEN)
    expect(await s.get('userName')).toBe('trader.one')
    expect(await s.get('apiKey')).toBe(API_KEY)
    expect(await s.get('sessionToken')).toBe(TOKEN)
    await s.set('sessionToken', `${TOKEN}x`)
    expect(await s.get('sessionToken')).toBe(`${TOKEN}x`)
  })

  it.skipIf(env.skip || !hasSecretTool())('STORE-1 the values are verifiably in the Secret Service (secret-tool lookup)', async () => {
    const s = store()
    await s.set('apiKey', API_KEY)
    expect(lookup(env.service, 'apiKey')).toBe(API_KEY)
    await s.delete('apiKey')
    expect(lookup(env.service, 'apiKey')).toBeNull()
  })

  it.skipIf(env.skip)('STORE-3 no plaintext on disk: the keyring files do not contain the secret', async () => {
    const s = store()
    await s.set('apiKey', API_KEY)
    const dataHome = process.env.XDG_DATA_HOME
    const files = dataHome ? filesUnder(join(dataHome, 'keyrings')) : []
    // Under scripts/with-keyring.sh the keyring lives in a private XDG_DATA_HOME, so the scan must see it.
    if (process.env.TILTGUARD_IN_KEYRING) expect(files.length).toBeGreaterThan(0)
    for (const f of files) expect(readFileSync(f).includes(Buffer.from(API_KEY))).toBe(false)
    await s.delete('apiKey')
  })

  it.skipIf(env.skip)('delete removes one entry and deleting a missing entry is not an error', async () => {
    const s = store()
    await s.set('apiKey', API_KEY)
    await s.delete('apiKey')
    expect(await s.get('apiKey')).toBeNull()
    await expect(s.delete('apiKey')).resolves.toBeUndefined()
  })

  it.skipIf(env.skip)('SESS-5 forget-all removes every credential entry from the keychain', async () => {
    const s = store()
    await s.set('userName', 'trader.one')
    await s.set('apiKey', API_KEY)
    await s.set('sessionToken', TOKEN)
    await forgetAllSecrets(s)
    for (const key of SECRET_KEYS) expect(await s.get(key)).toBeNull()
    if (hasSecretTool()) for (const key of SECRET_KEYS) expect(lookup(env.service, key)).toBeNull()
  })

  it.skipIf(env.skip)('STORE-2 a corrupt keychain entry reads as absent and is logged without its value', async () => {
    const logger = new MemoryLogger()
    const s = store(logger)
    // Bytes that failed to decode surface as U+FFFD: not a value this app ever wrote.
    await (env.keytar as KeytarLike).setPassword(env.service, 'sessionToken', '\uFFFD\uFFFDgarbage')
    expect(await s.get('sessionToken')).toBeNull()
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('corrupt'))).toBe(true)
    expect(logger.dump()).not.toContain('garbage')
  })
})

describe('KeytarSecretStore failure handling (injected keytar)', () => {
  const broken: KeytarLike = {
    getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  }

  it('STORE-2 a read failure returns null and is logged, never thrown', async () => {
    const logger = new MemoryLogger()
    const s = new KeytarSecretStore({ keytar: broken, logger, service: 'unused' })
    expect(await s.get('apiKey')).toBeNull()
    expect(logger.lines.map((l) => l.level)).toEqual(['warn'])
  })

  it('F24 a write failure throws the typed KeychainUnavailableError', async () => {
    const s = new KeytarSecretStore({ keytar: broken, logger: new MemoryLogger(), service: 'unused' })
    await expect(s.set('apiKey', API_KEY)).rejects.toBeInstanceOf(KeychainUnavailableError)
    await expect(s.delete('apiKey')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
  })
})
