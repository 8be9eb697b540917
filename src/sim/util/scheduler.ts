// Timers on the virtual clock: tasks fire when virtual time reaches them, whether it runs with the wall
// clock or is moved only by advanceClock, so tests drive delayed behaviour without real sleeps.
import type { VirtualClock } from './time'

interface Task {
  at: number
  seq: number
  fn: () => void
}

export class VirtualScheduler {
  private tasks: Task[] = []
  private seq = 0
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(private readonly clock: VirtualClock) {}

  /** Run `fn` once `delayMs` of virtual time has passed (same-time tasks keep their order). */
  after(delayMs: number, fn: () => void): void {
    if (this.closed) return
    this.tasks.push({ at: this.clock.now() + Math.max(0, delayMs), seq: ++this.seq, fn })
    this.tasks.sort((a, b) => a.at - b.at || a.seq - b.seq)
    this.arm()
  }

  /** Move virtual time forward by `ms`, stopping at each due task so it sees its own time. */
  advance(ms: number): void {
    const target = this.clock.now() + Math.max(0, ms)
    for (let t = this.tasks[0]; t && t.at <= target; t = this.tasks[0]) {
      this.clock.advance(t.at - this.clock.now())
      this.tasks.shift()
      t.fn()
    }
    this.clock.advance(target - this.clock.now())
    this.arm()
  }

  /** Run what is due now; while the clock runs with wall time, a real timer wakes this up. */
  runDue(): void {
    for (let t = this.tasks[0]; t && t.at <= this.clock.now(); t = this.tasks[0]) {
      this.tasks.shift()
      t.fn()
    }
    this.arm()
  }

  /** Re-arm the wake-up after the clock was frozen, unfrozen or pinned. */
  arm(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const next = this.tasks[0]
    if (!next || this.closed || this.clock.isFrozen()) return
    this.timer = setTimeout(() => this.runDue(), Math.max(0, next.at - this.clock.now()))
  }

  pending(): number {
    return this.tasks.length
  }

  close(): void {
    this.closed = true
    this.tasks = []
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
