// A Clock whose time only moves when a test advances it; timers fire in due order.
import type { Clock, TimerHandle } from '../../src/main/ports/clock'

interface Pending {
  id: number
  due: number
  fn: () => void
}

export class ManualClock implements Clock {
  private nowMs: number
  private nextId = 1
  private pending: Pending[] = []

  constructor(startMs = Date.UTC(2026, 10, 25, 14, 30)) {
    this.nowMs = startMs
  }

  now(): number {
    return this.nowMs
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++
    this.pending.push({ id, due: this.nowMs + Math.max(0, ms), fn })
    return id as unknown as TimerHandle
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((p) => p.id !== (handle as unknown as number))
  }

  /** Number of timers not yet fired (HEALTH-6 leak checks). */
  get pendingCount(): number {
    return this.pending.length
  }

  /** Moves time forward, firing every timer that falls due, including ones scheduled meanwhile. */
  advance(ms: number): void {
    const target = this.nowMs + ms
    for (;;) {
      this.pending.sort((a, b) => a.due - b.due || a.id - b.id)
      const next = this.pending[0]
      if (next === undefined || next.due > target) break
      this.pending.shift()
      this.nowMs = next.due
      next.fn()
    }
    this.nowMs = target
  }

  /** Like advance, but lets promise callbacks run between timers. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.nowMs + ms
    for (;;) {
      await flushMicrotasks()
      this.pending.sort((a, b) => a.due - b.due || a.id - b.id)
      const next = this.pending[0]
      if (next === undefined || next.due > target) break
      this.pending.shift()
      this.nowMs = next.due
      next.fn()
    }
    this.nowMs = target
    await flushMicrotasks()
  }
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}
