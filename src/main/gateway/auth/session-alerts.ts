// Trader-facing alerts of the token lifecycle (notification + audit entry): refresh keeps failing (TOK-14)
// and the session expired, so risk rules are no longer enforced (TOK-9).

import type { Clock } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { Notifier } from '../../ports/notifier'
import type { AuditRepository } from '../../ports/repositories'

export interface SessionAlertSinks {
  readonly notifier: Notifier
  readonly audit: AuditRepository
  readonly clock: Clock
}

export class SessionAlerts {
  private consecutiveFailures = 0
  /** One alert per failure streak: a long outage must not flood the trader. */
  private alerted = false

  constructor(
    private readonly sinks: SessionAlertSinks,
    private readonly log: Logger,
    private readonly alertAfterFailures: number,
  ) {}

  /** TOK-14: logs every failed validate / loginKey attempt and alerts once the streak reaches the threshold. */
  refreshAttemptFailed(detail: string): void {
    this.consecutiveFailures++
    this.log.warn('token refresh attempt failed', { detail, consecutiveFailures: this.consecutiveFailures })
    if (this.consecutiveFailures >= this.alertAfterFailures && !this.alerted) {
      this.alerted = true
      this.sinks.notifier.notify(
        'Session refresh failing',
        `Renewing the gateway session failed ${this.consecutiveFailures} times in a row; retrying.`,
        'warning',
      )
      this.sinks.audit.append({
        at: this.sinks.clock.now(),
        category: 'session',
        severity: 'warning',
        message: 'Token refresh failed repeatedly',
        accountId: null,
        detail: { consecutiveFailures: this.consecutiveFailures, last: detail },
      })
    }
  }

  /** A new token ends the streak, so the next run of failures alerts again. */
  refreshSucceeded(): void {
    this.consecutiveFailures = 0
    this.alerted = false
  }

  /** TOK-9: with no token nothing is monitored; the trader must know at once. */
  tokenExpired(): void {
    this.sinks.notifier.notify(
      'Session expired — NOT MONITORING',
      'The gateway session ran out and could not be renewed. Risk rules are not being enforced.',
      'critical',
    )
    this.sinks.audit.append({
      at: this.sinks.clock.now(),
      category: 'session',
      severity: 'critical',
      message: 'Session token expired; monitoring stopped',
      accountId: null,
      detail: null,
    })
  }
}
