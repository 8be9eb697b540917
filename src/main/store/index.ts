// Public surface of the store: the facade, typed errors and backup helpers. Import from here.
export { openStore, type Store, type OpenStoreOptions } from './store'
export { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './database'
export { listBackups, restoreFromBackup, pruneBackups, MAX_BACKUPS, BACKUP_MAX_AGE_MS, type BackupInfo } from './backups'
export { RETENTION_DAYS, type RetentionReport } from './retention'
export { LATEST_VERSION } from './migrations/index'
export * from './errors'
export type { StoredTransition } from './repositories/transition-repository'
export type { StoredJournalEvent } from './repositories/event-journal'
