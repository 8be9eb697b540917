// Press-and-hold: completes only after the full duration; a short press does nothing.
import { describe, expect, it } from 'vitest'
import { createHold } from './hold'

function rig() {
  let t = 0
  const frames: (() => void)[] = []
  const progress: number[] = []
  let completed = 0
  const hold = createHold({ durationMs: 1000, now: () => t, frame: (run) => frames.push(run), onProgress: (f) => progress.push(f), onComplete: () => (completed += 1) })
  const advance = (ms: number) => {
    t += ms
    const run = frames.splice(0)
    for (const r of run) r()
  }
  return { hold, advance, progress, completed: () => completed }
}

describe('createHold', () => {
  it('completes after a full second of holding, with progress on the way', () => {
    const r = rig()
    r.hold.press()
    r.advance(500)
    expect(r.progress.at(-1)).toBe(0.5)
    r.hold.press() // key repeat: no restart
    r.advance(500)
    expect(r.completed()).toBe(1)
    expect(r.hold.holding()).toBe(false)
  })

  it('does nothing on a short press, and resets the progress', () => {
    const r = rig()
    r.hold.press()
    r.advance(300)
    r.hold.release()
    r.advance(2000)
    expect(r.completed()).toBe(0)
    expect(r.progress.at(-1)).toBe(0)
  })
})
