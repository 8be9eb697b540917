// Typed errors of the auth layer; `toAppError` turns them into the plain shape that may cross IPC.

import { appError } from '../../../shared/errors'
import type { AppError } from '../../../shared/errors'

/**
 * No usable session token right now (signed out, expired, or the refresh did not finish within its cap).
 * The REST layer fails the call fast instead of queueing it (resilience.md A, contradiction 4).
 */
export class AuthUnavailableError extends Error {
  readonly code = 'AUTH_UNAVAILABLE' as const
  constructor(readonly reason: string) {
    super(`session unavailable: ${reason}`)
    this.name = 'AuthUnavailableError'
  }
}

/** A refresh cycle was superseded by a sign-in or sign-out; never surfaced to callers directly. */
export class CycleCancelledError extends Error {
  constructor() {
    super('refresh cycle cancelled')
    this.name = 'CycleCancelledError'
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AuthUnavailableError) return appError('NOT_SIGNED_IN', 'Not signed in to the gateway right now.', true)
  return appError('INTERNAL', 'Unexpected error in the session service.', false)
}
