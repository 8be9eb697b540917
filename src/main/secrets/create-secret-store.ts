// Chooses where secrets live at start-up (STORE-3, F24): the OS keychain when a probe round trip
// works; otherwise Electron safeStorage when the shell provides a working one; otherwise memory only,
// with a warning the UI shows. Never plaintext on disk.
import { randomBytes } from 'node:crypto'
import type { Logger } from '../ports/logger'
import type { SecretStore } from '../ports/secret-store'
import { KeytarNotInstalledError, describeError } from './errors'
import { DEFAULT_SERVICE, KeytarSecretStore, loadKeytar, type KeytarLike } from './keytar-secret-store'
import { MemorySecretStore } from './memory-secret-store'
import { SafeStorageSecretStore, canUseSafeStorage, type SafeStorageLike } from './safe-storage-secret-store'

export const MEMORY_ONLY_WARNING =
  'The system keychain is unavailable, so your API key and session are kept in memory only. You will need to sign in again after restarting Tiltguard.'

export const KEYTAR_MISSING_WARNING =
  'Tiltguard was installed without its keychain module (keytar needs libsecret on Linux), so your API key and session are kept in memory only and you will sign in again after a restart. Install libsecret and run npm install again to use the system keychain.'

/** A keychain that hangs (e.g. waiting on an unlock prompt nobody sees) counts as unavailable after this. */
export const PROBE_TIMEOUT_MS = 5_000

export interface CreateSecretStoreOptions {
  readonly logger: Logger
  /** Keychain service name; default 'Tiltguard'. */
  readonly service?: string
  /** keytar or a stand-in; default loads the native module. A loader that throws means "no keychain". */
  readonly keytar?: KeytarLike | (() => Promise<KeytarLike>)
  /** Electron safeStorage, passed in by the shell; absent when headless. */
  readonly safeStorage?: SafeStorageLike
  /** Where the safeStorage ciphertext file goes; required for that fallback. */
  readonly safeStorageFile?: string
  readonly probeTimeoutMs?: number
}

export type KeychainProbe = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/** Set, read back and delete a random value on a throwaway account: proves the keychain really works. */
export async function probeKeychain(keytar: KeytarLike, service: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<KeychainProbe> {
  const account = `probe-${randomBytes(6).toString('hex')}`
  const value = randomBytes(18).toString('base64url')
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`keychain did not answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([
      (async (): Promise<KeychainProbe> => {
        await keytar.setPassword(service, account, value)
        const read = await keytar.getPassword(service, account)
        await keytar.deletePassword(service, account)
        return read === value ? { ok: true } : { ok: false, reason: 'keychain returned a different value than was stored' }
      })(),
      timeout,
    ])
  } catch (error) {
    return { ok: false, reason: describeError(error) }
  } finally {
    clearTimeout(timer)
  }
}

/** Builds the SecretStore; its `kind` and `warning` feed the UI. Never throws. */
export async function createSecretStore(options: CreateSecretStoreOptions): Promise<SecretStore> {
  const logger = options.logger
  const service = options.service ?? DEFAULT_SERVICE
  let reason: string
  let keytarMissing = false
  try {
    const source = options.keytar ?? loadKeytar
    const keytar = typeof source === 'function' ? await source() : source
    const probe = await probeKeychain(keytar, service, options.probeTimeoutMs)
    if (probe.ok) {
      logger.info('secrets stored in the OS keychain', { service })
      return new KeytarSecretStore({ keytar, service, logger })
    }
    reason = probe.reason
  } catch (error) {
    reason = describeError(error)
    keytarMissing = error instanceof KeytarNotInstalledError
  }
  logger.warn('OS keychain unavailable', { reason })

  if (options.safeStorage && options.safeStorageFile && canUseSafeStorage(options.safeStorage)) {
    try {
      const store = new SafeStorageSecretStore({ safeStorage: options.safeStorage, filePath: options.safeStorageFile, logger })
      logger.warn('secrets stored with safeStorage encryption instead of the keychain')
      return store
    } catch (error) {
      logger.warn('safeStorage unusable', { error: describeError(error) })
    }
  }
  logger.warn('secrets kept in memory only', { reason })
  return new MemorySecretStore(keytarMissing ? KEYTAR_MISSING_WARNING : MEMORY_ONLY_WARNING)
}
