// SafeStorageSecretStore: encrypted file, 0600, never plaintext, refuses without encryption.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { SafeStorageUnavailableError } from './errors'
import { FakeSafeStorage } from '../../../test/support/secrets/fake-safe-storage'
import { SafeStorageSecretStore } from './safe-storage-secret-store'

const API_KEY = 'tg-test-api-key-0a1b2c3d4e5f60718293'
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
function filePath(): string {
  const d = mkdtempSync(join(tmpdir(), 'tg-sec-'))
  dirs.push(d)
  return join(d, 'profile', 'secrets.json')
}

describe('SafeStorageSecretStore', () => {
  it('STORE-3 round trip through encryption; the file is 0600 and holds no plaintext', async () => {
    const path = filePath()
    const safe = new FakeSafeStorage()
    const store = new SafeStorageSecretStore({ safeStorage: safe, filePath: path, logger: new MemoryLogger() })
    expect(store.kind).toBe('safe-storage')
    expect(store.warning).toMatch(/keychain is unavailable/)
    await store.set('apiKey', API_KEY)
    await store.set('userName', 'trader.one')
    expect(await store.get('apiKey')).toBe(API_KEY)
    const raw = readFileSync(path)
    expect(raw.includes(Buffer.from(API_KEY))).toBe(false)
    expect(raw.includes(Buffer.from('trader.one'))).toBe(false)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700)
    // A new instance (app restart) with the same OS key reads it back.
    const again = new SafeStorageSecretStore({ safeStorage: safe, filePath: path, logger: new MemoryLogger() })
    expect(await again.get('userName')).toBe('trader.one')
    await again.delete('apiKey')
    expect(await again.get('apiKey')).toBeNull()
  })

  it('STORE-3 refuses to exist when encryption is unavailable or only basic_text', () => {
    const path = filePath()
    expect(() => new SafeStorageSecretStore({ safeStorage: new FakeSafeStorage(false), filePath: path, logger: new MemoryLogger() })).toThrow(
      SafeStorageUnavailableError,
    )
    expect(
      () => new SafeStorageSecretStore({ safeStorage: new FakeSafeStorage(true, 'basic_text'), filePath: path, logger: new MemoryLogger() }),
    ).toThrow(SafeStorageUnavailableError)
  })

  it('STORE-2 an undecryptable entry or damaged file reads as absent and is logged', async () => {
    const path = filePath()
    const logger = new MemoryLogger()
    const store = new SafeStorageSecretStore({ safeStorage: new FakeSafeStorage(), filePath: path, logger })
    await store.set('apiKey', API_KEY)
    // Another OS key (e.g. profile copied to another machine) cannot decrypt it.
    const other = new SafeStorageSecretStore({ safeStorage: new FakeSafeStorage(), filePath: path, logger })
    expect(await other.get('apiKey')).toBeNull()
    writeFileSync(path, '{not json')
    expect(await store.get('apiKey')).toBeNull()
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(2)
    expect(logger.dump()).not.toContain(API_KEY)
    await store.set('apiKey', API_KEY) // the next write replaces the damaged file
    expect(await store.get('apiKey')).toBe(API_KEY)
  })
})
