// Public surface of secret storage: the chooser, the adapters and their errors.
export { createSecretStore, probeKeychain, MEMORY_ONLY_WARNING, PROBE_TIMEOUT_MS, type CreateSecretStoreOptions, type KeychainProbe } from './create-secret-store'
export { KeytarSecretStore, loadKeytar, forgetAllSecrets, isCorruptSecret, DEFAULT_SERVICE, SECRET_KEYS, type KeytarLike, type KeytarSecretStoreOptions } from './keytar-secret-store'
export { SafeStorageSecretStore, canUseSafeStorage, SAFE_STORAGE_WARNING, type SafeStorageLike, type SafeStorageSecretStoreOptions } from './safe-storage-secret-store'
export { MemorySecretStore } from './memory-secret-store'
export { KeychainUnavailableError, SafeStorageUnavailableError } from './errors'
