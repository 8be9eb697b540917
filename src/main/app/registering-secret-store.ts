// Wraps a SecretStore so every secret value that passes through main is registered with the log
// redactor: a key or token pasted into any message string is then scrubbed too (LOG-1, STORE-1).

import type { SecretKey, SecretStore, SecretStoreKind } from '../ports/secret-store'
import { registerSecret } from '../log'

export class RegisteringSecretStore implements SecretStore {
  constructor(private readonly inner: SecretStore) {}

  get kind(): SecretStoreKind {
    return this.inner.kind
  }

  get warning(): string | null {
    return this.inner.warning
  }

  async get(key: SecretKey): Promise<string | null> {
    const value = await this.inner.get(key)
    registerSecret(value)
    return value
  }

  async set(key: SecretKey, value: string): Promise<void> {
    registerSecret(value)
    await this.inner.set(key, value)
  }

  delete(key: SecretKey): Promise<void> {
    return this.inner.delete(key)
  }
}
