// A refusal the trader can act on (not signed in, a bad edit, the admin password needed, a lockout in
// the way). Thrown by use cases in main; the IPC layer sends its `toAppError()` form.
import type { AppError, AppErrorCode } from '../../shared/errors'

export type RefusalCode = Extract<
  AppErrorCode,
  'NOT_SIGNED_IN' | 'VALIDATION_FAILED' | 'ENFORCEMENT_BUSY' | 'ADMIN_REQUIRED' | 'ADMIN_LOCKED' | 'LOCKOUT_ACTIVE'
>

export class RequestRefused extends Error {
  override readonly name = 'RequestRefused'
  constructor(
    readonly code: RefusalCode,
    message: string,
    /** Serialisable detail, e.g. the rules problems by line and field. */
    readonly detail?: Readonly<Record<string, unknown>>,
  ) {
    super(message)
  }

  toAppError(): AppError {
    const retryable = this.code === 'NOT_SIGNED_IN' || this.code === 'ENFORCEMENT_BUSY'
    return this.detail === undefined ? { code: this.code, message: this.message, retryable } : { code: this.code, message: this.message, retryable, detail: this.detail }
  }
}
