// The re-login contract between the token manager and the session service, which owns the stored key and
// the KEY-3 brake on automatic re-login.

import type { AuthResult } from './auth-api'

/** A re-login that was not even tried: auto re-login is switched off or no key is stored (KEY-3). */
export type BlockedReauth = { readonly ok: false; readonly kind: 'blocked'; readonly reason: string }

/** What a re-login attempt returned; `blocked` = auto re-login is switched off or no key is stored (KEY-3). */
export type ReauthResult = AuthResult | BlockedReauth

/** Performs one `Auth/loginKey` with the stored key; supplied by the session service (which owns KEY-3). */
export type Reauthenticator = (reason: string) => Promise<ReauthResult>

/** Until the session service binds itself, re-login is blocked: there are no credentials to use. */
export const reauthWithoutCredentials: Reauthenticator = async () => ({
  ok: false,
  kind: 'blocked',
  reason: 'no credentials',
})
