// The simulator's virtual clock and .NET-style timestamp formatting.

/** Virtual time never passes the end of year 9999: beyond it stamps stop being ISO and Date throws. */
const CLOCK_MAX_MS = 253_402_300_799_999
const clampTime = (ms: number): number => (Number.isFinite(ms) ? Math.min(CLOCK_MAX_MS, Math.max(0, ms)) : 0)

/**
 * Virtual time: runs with the wall clock by default, can be frozen (time moves only by `advance`)
 * and jumped forward, so tests can expire tokens or stamp frames deterministically.
 */
export class VirtualClock {
  private baseVirtual: number
  private baseReal: number
  private frozen = false

  constructor(startMs: number, private readonly realNow: () => number = Date.now) {
    this.baseVirtual = startMs
    this.baseReal = realNow()
  }

  now(): number {
    return this.frozen ? this.baseVirtual : clampTime(this.baseVirtual + (this.realNow() - this.baseReal))
  }

  advance(ms: number): void {
    this.rebase()
    this.baseVirtual = clampTime(this.baseVirtual + (Number.isFinite(ms) ? Math.max(0, ms) : 0))
  }

  setFrozen(frozen: boolean): void {
    this.rebase()
    this.frozen = frozen
  }

  /** Pin virtual time to an absolute value (deterministic runs). */
  set(ms: number): void {
    this.baseVirtual = clampTime(ms)
    this.baseReal = this.realNow()
  }

  isFrozen(): boolean {
    return this.frozen
  }

  private rebase(): void {
    this.baseVirtual = this.now()
    this.baseReal = this.realNow()
  }
}

/** `2026-05-06T13:36:03.4962794+00:00`: the gateway prints 7 fraction digits (.NET ticks). */
export function dotNetTimestamp(ms: number, subMs = 0): string {
  const iso = new Date(ms).toISOString() // 2026-05-06T13:36:03.496Z
  const ticks = String(Math.max(0, Math.min(9999, Math.floor(subMs)))).padStart(4, '0')
  return `${iso.slice(0, 23)}${ticks}+00:00`
}

/** Parses request timestamps (ISO with Z or offset, any fraction length); NaN when unparseable. */
export function parseTimestamp(text: unknown): number {
  if (typeof text !== 'string') return Number.NaN
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1')
  return Date.parse(trimmed)
}
