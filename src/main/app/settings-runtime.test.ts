// Settings at runtime: log levels applied and re-applied from the file (CFG-2, LOG-6); tuning merge.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonLogger, MemorySink } from '../log'
import { defaultSettings, parseSettings } from './settings'
import { applyLogLevels, mergeTuning, watchSettings } from './settings-runtime'
import { waitFor } from '../../../test/integration/wait-for'

function logger(): JsonLogger {
  return new JsonLogger({ sinks: [new MemorySink()], version: 't', name: 'tiltguard' })
}

describe('settings at runtime', () => {
  it('CFG-2 LOG-6 module levels are logger-name prefixes below the root, and dropped overrides are cleared', () => {
    const log = logger()
    const first = parseSettings({ logging: { level: 'warn', modules: { 'live.token': 'debug' } } })
    applyLogLevels(log, first)
    expect(log.levelOf('tiltguard.engine')).toBe('warn')
    expect(log.levelOf('tiltguard.live.token')).toBe('debug')
    applyLogLevels(log, defaultSettings(), first)
    expect(log.levelOf('tiltguard.live.token')).toBe('info')
  })

  it('CFG-2 a saved change of the log level applies without a restart; an invalid edit keeps the running settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-watch-'))
    const file = join(dir, 'settings.json')
    writeFileSync(file, JSON.stringify({}))
    const log = logger()
    const applied: string[] = []
    const stop = watchSettings(file, defaultSettings(), log, (next, previous) => {
      applyLogLevels(log, next, previous)
      applied.push(next.logging.level)
    })
    try {
      writeFileSync(file, JSON.stringify({ logging: { level: 'debug' } }))
      await waitFor(() => applied.includes('debug'), 10_000)
      expect(log.levelOf('tiltguard.live')).toBe('debug')
      writeFileSync(file, JSON.stringify({ logging: { level: 'loud' } }))
      writeFileSync(file, '{ broken')
      await new Promise((r) => setTimeout(r, 2_500))
      expect(log.levelOf('tiltguard.live')).toBe('debug')
    } finally {
      stop()
    }
  })

  it('test tuning overrides win field by field over the settings-derived tuning', () => {
    const merged = mergeTuning(
      { hubs: { rebuildIntervalMs: 60_000, pollingStartDelayMs: 10_000 }, marketStaleMs: 60_000 },
      { hubs: { rebuildIntervalMs: 1_000 } },
    )
    expect(merged).toEqual({ hubs: { rebuildIntervalMs: 1_000, pollingStartDelayMs: 10_000 }, marketStaleMs: 60_000 })
    expect(mergeTuning({ marketStaleMs: 5 }, undefined)).toEqual({ marketStaleMs: 5 })
  })
})
