// Test support: decides once per test file whether a real Secret Service is reachable. Keychain
// tests skip with a printed reason when it is not, except in CI, where they must run (and fail).
import { loadKeytar, type KeytarLike } from '../../../src/main/secrets/keytar-secret-store'
import { probeKeychain } from '../../../src/main/secrets/create-secret-store'

export interface KeychainTestEnv {
  readonly keytar: KeytarLike | null
  /** True when the keychain tests must be skipped here. */
  readonly skip: boolean
  /** A service name unique to this run, so no real user entry is ever touched. */
  readonly service: string
}

export async function keychainTestEnv(label: string): Promise<KeychainTestEnv> {
  const service = `tiltguard-test-${process.pid}-${Date.now().toString(36)}-${label}`
  let keytar: KeytarLike | null = null
  let reason = ''
  try {
    keytar = await loadKeytar()
    const probe = await probeKeychain(keytar, service, 3_000)
    if (!probe.ok) reason = probe.reason
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error)
  }
  const skip = reason !== '' && !process.env.CI
  if (skip) {
    console.warn(
      `[${label}] keychain tests SKIPPED: no Secret Service reachable (${reason}). ` +
        'Run them with: bash scripts/with-keyring.sh npx vitest run src/main/secrets',
    )
  }
  return { keytar, skip, service }
}
