// SecretStore on the OS keychain through keytar (Secret Service on Linux). One entry per SecretKey
// under a configurable service name. Read problems are logged and read as "absent" (STORE-2).
import type { Logger } from '../ports/logger'
import type { SecretKey, SecretStore, SecretStoreKind } from '../ports/secret-store'
import { KeychainUnavailableError, KeytarNotInstalledError, describeError } from './errors'

/** The part of keytar we use; tests inject failing variants (F24). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export const DEFAULT_SERVICE = 'Tiltguard'

/** Every key the app stores; "forget credentials" removes all of them (SESS-5). */
export const SECRET_KEYS: readonly SecretKey[] = ['userName', 'apiKey', 'sessionToken']

/** Larger values are not credentials we wrote: treat as corrupt. */
const MAX_SECRET_LENGTH = 16_384

/** True when a stored value cannot be a credential we wrote (empty, NUL, U+FFFD from bad bytes, huge). */
export function isCorruptSecret(value: unknown): boolean {
  return typeof value !== 'string' || value.length === 0 || value.length > MAX_SECRET_LENGTH || value.includes('\u0000') || value.includes('\uFFFD')
}

/** Loads the native keytar module; a missing or broken build becomes KeychainUnavailableError. */
export async function loadKeytar(importKeytar: () => Promise<unknown> = () => import('keytar')): Promise<KeytarLike> {
  try {
    const mod = (await importKeytar()) as { default?: KeytarLike } & KeytarLike
    return mod.default ?? mod
  } catch (error) {
    // keytar is an optional dependency: `npm install` skips it where libsecret's headers are missing.
    const code = (error as { code?: unknown } | null)?.code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new KeytarNotInstalledError({ cause: error })
    throw new KeychainUnavailableError(`keytar could not be loaded: ${describeError(error)}`, { cause: error })
  }
}

export interface KeytarSecretStoreOptions {
  readonly keytar: KeytarLike
  readonly logger: Logger
  /** Keychain service name; default 'Tiltguard'. Tests use a unique one per run. */
  readonly service?: string
}

export class KeytarSecretStore implements SecretStore {
  readonly kind: SecretStoreKind = 'keychain'
  readonly warning: string | null = null
  readonly service: string
  private readonly keytar: KeytarLike
  private readonly logger: Logger

  constructor(options: KeytarSecretStoreOptions) {
    this.keytar = options.keytar
    this.service = options.service ?? DEFAULT_SERVICE
    this.logger = options.logger
  }

  /** Null when missing, unreadable or corrupt; the problem is logged without the value (STORE-2). */
  async get(key: SecretKey): Promise<string | null> {
    let value: unknown
    try {
      value = await this.keytar.getPassword(this.service, key)
    } catch (error) {
      this.logger.warn('keychain read failed; treating the entry as absent', { key, error: describeError(error) })
      return null
    }
    if (value === null || value === undefined) return null
    if (isCorruptSecret(value)) {
      this.logger.warn('keychain entry is corrupt; treating it as absent', { key, valueType: typeof value })
      return null
    }
    return value as string
  }

  /** Throws KeychainUnavailableError when the keychain refuses the write. */
  async set(key: SecretKey, value: string): Promise<void> {
    if (isCorruptSecret(value)) throw new RangeError(`refusing to store an empty or malformed ${key}`)
    try {
      await this.keytar.setPassword(this.service, key, value)
    } catch (error) {
      this.logger.error('keychain write failed', { key, error: describeError(error) })
      throw new KeychainUnavailableError(`could not save ${key} in the keychain: ${describeError(error)}`, { cause: error })
    }
  }

  /** Deleting a missing entry is not an error. Throws KeychainUnavailableError when the keychain fails. */
  async delete(key: SecretKey): Promise<void> {
    try {
      await this.keytar.deletePassword(this.service, key)
    } catch (error) {
      this.logger.error('keychain delete failed', { key, error: describeError(error) })
      throw new KeychainUnavailableError(`could not delete ${key} from the keychain: ${describeError(error)}`, { cause: error })
    }
  }
}

/**
 * "Forget credentials" (SESS-5): deletes every key, attempting all even if one fails, then rethrows
 * the first failure so the UI can say the keychain still holds something.
 */
export async function forgetAllSecrets(store: SecretStore): Promise<void> {
  let first: unknown = null
  for (const key of SECRET_KEYS) {
    try {
      await store.delete(key)
    } catch (error) {
      first ??= error
    }
  }
  if (first !== null) throw first
}
