// Log lines of REST attempts: one per attempt with attempt number and correlation id (RETRY-9), level by
// outcome, and a single warning per endpoint for errorCodes the endpoint table does not know (ERR-2).

import type { Logger } from '../../ports/logger'
import type { Classification, RawAttempt } from './classify'
import type { CallContext } from './rest-pipeline-options'

export class AttemptLog {
  private readonly unknownCodesSeen = new Set<string>()

  constructor(private readonly logger: Logger | undefined) {}

  record(ctx: CallContext, attempt: number, raw: RawAttempt, c: Classification, latencyMs: number): void {
    const line = {
      endpoint: ctx.info.endpoint,
      attempt,
      correlationId: ctx.correlationId,
      priority: ctx.priority,
      latencyMs,
      status: raw.kind === 'http' ? raw.status : raw.kind,
      ...(c.ok
        ? {}
        : {
            category: c.error.category,
            errorCode: c.error.errorCode,
            errorName: c.error.errorName,
            errorMessage: c.error.errorMessage,
            networkCode: c.error.networkCode,
          }),
    }
    // A business rejection is a verdict, not a fault (ERR-3): INFO rather than WARN.
    if (c.ok) this.logger?.debug('rest attempt ok', line)
    else if (c.error.category === 'BUSINESS') this.logger?.info('rest attempt rejected', line)
    else this.logger?.warn('rest attempt failed', line)
    if (!c.ok && c.error.category === 'UNKNOWN_CODE') this.warnUnknownCodeOnce(ctx, c.error.errorCode)
  }

  // Once per endpoint and code, so a chatty poll does not flood the log with the same surprise.
  private warnUnknownCodeOnce(ctx: CallContext, errorCode: number | null): void {
    const key = `${ctx.info.endpoint}:${errorCode ?? ''}`
    if (this.unknownCodesSeen.has(key)) return
    this.unknownCodesSeen.add(key)
    this.logger?.warn('unknown gateway errorCode', { endpoint: ctx.info.endpoint, errorCode })
  }
}
