// Secrets held in main-process memory only: the fallback when no keychain is usable (STORE-3) and the
// store for credentials given by environment variables. Nothing is ever written to disk.

import type { SecretKey, SecretStore, SecretStoreKind } from '../ports/secret-store'

export class MemorySecretStore implements SecretStore {
  readonly kind: SecretStoreKind = 'memory'
  private readonly values = new Map<SecretKey, string>()

  constructor(readonly warning: string | null = null) {}

  async get(key: SecretKey): Promise<string | null> {
    return this.values.get(key) ?? null
  }

  async set(key: SecretKey, value: string): Promise<void> {
    this.values.set(key, value)
  }

  async delete(key: SecretKey): Promise<void> {
    this.values.delete(key)
  }
}
