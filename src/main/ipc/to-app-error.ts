// Turns whatever a handler threw into the one serialisable AppError that may cross IPC. Typed errors
// keep their code and trader-facing message; anything else is a bug and becomes a generic INTERNAL.

import { appError, isAppError, type AppError } from '../../shared/errors'
import type { Logger } from '../ports/logger'

/** An error class that knows its own IPC shape (the gateway and store errors implement this). */
export interface ConvertibleError {
  toAppError(): AppError
}

function isConvertible(value: unknown): value is ConvertibleError {
  return typeof value === 'object' && value !== null && typeof (value as { toAppError?: unknown }).toAppError === 'function'
}

/** Copies only the AppError fields, so no stack, cause or custom field rides along by accident. */
function sanitise(error: AppError): AppError {
  const detail = error.detail !== undefined && isPlainJson(error.detail) ? { ...error.detail } : undefined
  return appError(error.code, error.message, error.retryable === true, detail)
}

function isPlainJson(value: unknown): boolean {
  try {
    JSON.stringify(value)
    return true
  } catch {
    return false
  }
}

/**
 * Maps a thrown value to an AppError. `request` names the contract request for the log line; the
 * input is never logged because it may carry an API key.
 */
export function toAppError(thrown: unknown, logger: Logger, request: string): AppError {
  try {
    if (isConvertible(thrown)) {
      const converted = thrown.toAppError()
      if (isAppError(converted)) return sanitise(converted)
    } else if (isAppError(thrown)) {
      return sanitise(thrown)
    }
  } catch {
    // A broken toAppError() is a bug like any other: fall through to INTERNAL.
  }
  const err = thrown instanceof Error ? thrown : undefined
  logger.error('request handler failed', {
    request,
    errorName: err?.name ?? typeof thrown,
    errorMessage: err?.message ?? String(thrown),
    stack: err?.stack,
  })
  return appError('INTERNAL', 'Something went wrong inside Tiltguard. The details are in the log.', false)
}
