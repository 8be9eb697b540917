// Housekeeping the engine runs on its own: history retention (DB-7) at start and once a day, and WAL
// checkpoints every 10 s, over every open store. A failure is logged and retried the next day; it never stops monitoring.
import type { Clock, TimerHandle } from '../ports/clock'
import type { Logger } from '../ports/logger'
import type { Store } from '../store'

const RETENTION_EVERY_MS = 86_400_000
/** WAL checkpoints run here, off the enforcement path (the store turned SQLite's automatic ones off). */
const CHECKPOINT_EVERY_MS = 10_000

export class Housekeeping {
  private timer: TimerHandle | null = null
  private checkpointTimer: TimerHandle | null = null

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The stores open right now (the live one, and the simulator's while it runs). */
    private readonly stores: () => readonly (Store | null)[],
  ) {}

  start(): void {
    this.run()
    this.checkpoint()
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    if (this.checkpointTimer !== null) this.clock.clearTimeout(this.checkpointTimer)
    this.timer = this.checkpointTimer = null
  }

  private checkpoint(): void {
    this.checkpointTimer = this.clock.setTimeout(() => {
      for (const store of this.stores()) {
        try {
          store?.checkpoint()
        } catch (error) {
          this.logger.warn('WAL checkpoint failed', { error })
        }
      }
      this.checkpoint()
    }, CHECKPOINT_EVERY_MS)
  }

  private run(): void {
    for (const store of this.stores()) {
      try {
        store?.runRetention(this.clock.now())
      } catch (error) {
        this.logger.error('retention failed', { error })
      }
    }
    this.timer = this.clock.setTimeout(() => this.run(), RETENTION_EVERY_MS)
  }
}
