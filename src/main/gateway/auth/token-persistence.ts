// Where the session token outlives the process: the token in the SecretStore, its non-secret expiry
// metadata in MetaRepository (TOK-1, STORE-4).

import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'
import type { SecretStore } from '../../ports/secret-store'

/** Non-secret token metadata kept in MetaRepository (TOK-1). The token itself never goes there. */
export interface TokenMeta {
  readonly expiresAt: number
  readonly obtainedAt: number
}
export const TOKEN_META_KEY = 'auth.token'

export class TokenPersistence {
  /** Tail of the keychain write queue. */
  private pendingWrites: Promise<void> = Promise.resolve()

  constructor(
    private readonly secrets: SecretStore,
    private readonly meta: MetaRepository,
    private readonly log: Logger,
  ) {}

  /** TOK-1: records when the served token expires; null once no session exists. */
  writeMeta(meta: TokenMeta | null): void {
    this.meta.set<TokenMeta | null>(TOKEN_META_KEY, meta)
  }

  /**
   * Stores the token in the keychain, or deletes it for null. Writes are chained so the newest value always
   * lands last (TOK-5: an old token is never re-persisted). A failed write is logged, never thrown: the token
   * in memory still works, only the next start-up has to log in again.
   */
  writeToken(token: string | null): Promise<void> {
    this.pendingWrites = this.pendingWrites
      .then(() =>
        token === null ? this.secrets.delete('sessionToken') : this.secrets.set('sessionToken', token),
      )
      .catch(() => this.log.warn('keychain write of the session token failed'))
    return this.pendingWrites
  }
}
