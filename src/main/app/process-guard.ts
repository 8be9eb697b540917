// The engine's policy for errors nobody caught (issue 7 item 9): under Node 22 an unhandled rejection ends
// the process, and this process guards the account. Both kinds are logged and the engine keeps serving.

import type { Logger } from '../ports/logger'

/** The part of `process` the guard uses; tests pass an EventEmitter. */
export interface ProcessEvents {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (error: unknown) => void): unknown
  off(event: 'unhandledRejection' | 'uncaughtException', listener: (error: unknown) => void): unknown
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: `${error.name}: ${error.message}`, stack: error.stack ?? null }
  return { error: String(error) }
}

/**
 * Installs the policy; returns the function that removes it. A fire-and-forget promise that rejects is a
 * bug to fix, not a reason to stop watching the account: it is logged as an error and the process goes on.
 * An uncaught exception is logged too and the engine keeps serving (a half-finished event handler is less
 * dangerous than an account with no guard); the hosts still stop on their own signals.
 */
export function installProcessGuard(proc: ProcessEvents, logger: Logger): () => void {
  const log = logger.child('process')
  const onRejection = (reason: unknown): void =>
    log.error('unhandled promise rejection; engine keeps running', describeError(reason))
  const onException = (error: unknown): void =>
    log.error('uncaught exception; engine keeps running', describeError(error))
  proc.on('unhandledRejection', onRejection)
  proc.on('uncaughtException', onException)
  return () => {
    proc.off('unhandledRejection', onRejection)
    proc.off('uncaughtException', onException)
  }
}
