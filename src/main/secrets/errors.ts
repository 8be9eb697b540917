// Typed secret-storage failures, so the UI can say "keychain unavailable" rather than a raw D-Bus message.

/** The OS keychain (Secret Service, Keychain, Credential Manager) cannot be used right now. */
export class KeychainUnavailableError extends Error {
  readonly code = 'KEYCHAIN_UNAVAILABLE'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'KeychainUnavailableError'
  }
}

/** The optional keytar module is absent (installed without libsecret), so there is no keychain adapter. */
export class KeytarNotInstalledError extends KeychainUnavailableError {
  constructor(options?: { cause?: unknown }) {
    super('keytar is not installed (it needs libsecret when installing)', options)
    this.name = 'KeytarNotInstalledError'
  }
}

/** Electron safeStorage cannot encrypt (no OS key, or only the plaintext-equivalent 'basic_text' backend). */
export class SafeStorageUnavailableError extends Error {
  readonly code = 'SAFE_STORAGE_UNAVAILABLE'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SafeStorageUnavailableError'
  }
}

/** Message text of an unknown thrown value, for logs (never includes the secret: callers pass no values). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
