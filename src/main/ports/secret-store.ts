// Secrets as a port. User name, API key and session token live only behind this interface and in
// main-process memory: never in SQLite, config, logs, IPC payloads or the renderer.

export type SecretKey = 'userName' | 'apiKey' | 'sessionToken'

/** Where secrets actually live; anything but 'keychain' is shown to the trader as a warning. */
export type SecretStoreKind = 'keychain' | 'safe-storage' | 'memory'

export interface SecretStore {
  readonly kind: SecretStoreKind
  /** Null when the backend is healthy; otherwise a short, trader-facing explanation. */
  readonly warning: string | null
  /** Null when missing or unreadable (STORE-2: a corrupt entry is treated as absent, never a crash). */
  get(key: SecretKey): Promise<string | null>
  set(key: SecretKey, value: string): Promise<void>
  delete(key: SecretKey): Promise<void>
}
