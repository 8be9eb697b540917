// SecretStore that encrypts each value with Electron safeStorage (injected; this module never imports
// electron) and keeps the ciphertexts in one 0600 JSON file in the data dir. Never stores plaintext.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Logger } from '../ports/logger'
import type { SecretKey, SecretStore, SecretStoreKind } from '../ports/secret-store'
import { SafeStorageUnavailableError, describeError } from './errors'
import { isCorruptSecret } from './keytar-secret-store'

/** The slice of Electron's `safeStorage` the shell hands in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only in Electron; 'basic_text' means a hard-coded key, which is plaintext in all but name. */
  getSelectedStorageBackend?(): string
}

export const SAFE_STORAGE_WARNING =
  'The system keychain is unavailable. Credentials are encrypted with the app\u2019s safe storage in your profile instead.'

interface SecretFile {
  readonly version: 1
  readonly entries: Partial<Record<SecretKey, string>>
}

export interface SafeStorageSecretStoreOptions {
  readonly safeStorage: SafeStorageLike
  /** e.g. `<userData>/secrets.json`; its directory is created 0700. */
  readonly filePath: string
  readonly logger: Logger
}

/** True when safeStorage can really encrypt (and not with Linux's 'basic_text' fallback). */
export function canUseSafeStorage(safeStorage: SafeStorageLike): boolean {
  try {
    if (!safeStorage.isEncryptionAvailable()) return false
    return safeStorage.getSelectedStorageBackend?.() !== 'basic_text'
  } catch {
    return false
  }
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind: SecretStoreKind = 'safe-storage'
  readonly warning: string | null = SAFE_STORAGE_WARNING
  private readonly safeStorage: SafeStorageLike
  private readonly filePath: string
  private readonly logger: Logger

  /** Throws SafeStorageUnavailableError when encryption is unavailable: we never fall back to plaintext. */
  constructor(options: SafeStorageSecretStoreOptions) {
    if (!canUseSafeStorage(options.safeStorage)) throw new SafeStorageUnavailableError('safeStorage encryption is not available')
    this.safeStorage = options.safeStorage
    this.filePath = options.filePath
    this.logger = options.logger
  }

  /** Null when missing, undecryptable or corrupt (STORE-2); the problem is logged without the value. */
  async get(key: SecretKey): Promise<string | null> {
    const blob = this.read().entries[key]
    if (blob === undefined) return null
    try {
      const value = this.safeStorage.decryptString(Buffer.from(blob, 'base64'))
      if (isCorruptSecret(value)) throw new Error('decrypted value is malformed')
      return value
    } catch (error) {
      this.logger.warn('safe-storage entry unreadable; treating it as absent', { key, error: describeError(error) })
      return null
    }
  }

  async set(key: SecretKey, value: string): Promise<void> {
    if (isCorruptSecret(value)) throw new RangeError(`refusing to store an empty or malformed ${key}`)
    if (!canUseSafeStorage(this.safeStorage)) throw new SafeStorageUnavailableError('safeStorage encryption is no longer available')
    const blob = this.safeStorage.encryptString(value).toString('base64')
    const current = this.read()
    this.write({ version: 1, entries: { ...current.entries, [key]: blob } })
  }

  async delete(key: SecretKey): Promise<void> {
    const current = this.read()
    if (current.entries[key] === undefined) return
    const entries = { ...current.entries }
    delete entries[key]
    this.write({ version: 1, entries })
  }

  private read(): SecretFile {
    if (!existsSync(this.filePath)) return { version: 1, entries: {} }
    try {
      const parsed = JSON.parse(readFileSync(this.filePath, 'utf8')) as Partial<SecretFile>
      if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) throw new Error('unknown format')
      return { version: 1, entries: parsed.entries }
    } catch (error) {
      // A damaged file is treated as empty (the trader signs in again); the next write replaces it.
      this.logger.warn('safe-storage file unreadable; treating it as empty', { error: describeError(error) })
      return { version: 1, entries: {} }
    }
  }

  private write(file: SecretFile): void {
    const dir = dirname(this.filePath)
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
    // Write-then-rename so a crash never leaves half a file.
    const tmp = `${this.filePath}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(file), { mode: 0o600 })
    chmodSync(tmp, 0o600)
    renameSync(tmp, this.filePath)
  }
}
