// The one error shape that crosses IPC. `instanceof` and custom fields do not survive the trip, so
// services throw typed errors in main and the IPC layer turns them into this plain object.

export const APP_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'NOT_SIGNED_IN',
  'AUTH_FAILED',
  'GATEWAY_UNAVAILABLE',
  'RATE_LIMITED',
  'BUSINESS_REJECTED',
  'UNCERTAIN_OUTCOME',
  'KEYCHAIN_UNAVAILABLE',
  'ENFORCEMENT_BUSY',
  'ADMIN_REQUIRED',
  'ADMIN_LOCKED',
  'LOCKOUT_ACTIVE',
  'INTERNAL',
] as const
export type AppErrorCode = (typeof APP_ERROR_CODES)[number]

export interface AppError {
  readonly code: AppErrorCode
  /** Text safe to show a trader: never a token, API key or full account name. */
  readonly message: string
  readonly retryable: boolean
  /** Optional structured detail, e.g. the failing field paths of a validation error. */
  readonly detail?: Readonly<Record<string, unknown>>
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError }

export function appError(code: AppErrorCode, message: string, retryable = false, detail?: Record<string, unknown>): AppError {
  return detail === undefined ? { code, message, retryable } : { code, message, retryable, detail }
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && (APP_ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string'
}
