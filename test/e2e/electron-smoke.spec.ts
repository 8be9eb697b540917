// Launches the real desktop app with Playwright's _electron where the Electron binary exists. Here
// it cannot be downloaded, so the test skips and says why; the check never triggers the download
// (requiring the `electron` package would).
import { _electron as electron, test, expect } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { requests } from '../../src/shared/ipc/contract'

const ROOT = path.resolve(import.meta.dirname, '../..')
const PKG = path.join(ROOT, 'node_modules/electron')

/** The Electron executable, or why there is none. */
function findElectronBinary(): { path: string } | { reason: string } {
  const pathTxt = path.join(PKG, 'path.txt')
  if (!existsSync(pathTxt)) return { reason: `${path.relative(ROOT, pathTxt)} does not exist (the electron postinstall download never ran)` }
  const binary = path.join(PKG, 'dist', readFileSync(pathTxt, 'utf8').trim())
  if (!existsSync(binary)) return { reason: `${path.relative(ROOT, binary)} does not exist` }
  return { path: binary }
}

const found = findElectronBinary()
const skipReason = 'reason' in found ? `Electron binary not downloadable on this machine: ${found.reason}` : null
if (skipReason !== null) console.log(`[electron-smoke] skipped. ${skipReason}`)

test('the desktop app opens a secure dashboard window', async () => {
  test.skip(skipReason !== null, skipReason ?? '')
  const binary = (found as { path: string }).path
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tiltguard-electron-'))
  const app = await electron.launch({ executablePath: binary, args: [ROOT], cwd: ROOT, env: { ...process.env, TILTGUARD_DATA_DIR: dataDir } })
  try {
    const page = await app.firstWindow()
    await expect(page.getByTestId('dashboard')).toBeVisible()
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-link', 'open')
    // The page sees the contract and nothing of Node: isolation, sandbox and no node integration.
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>
      return { api: Object.keys(g.tiltguard as object).sort(), require: typeof g.require, process: typeof g.process }
    })
    expect(seen).toEqual({ api: [...Object.keys(requests), 'on'].sort(), require: 'undefined', process: 'undefined' })
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
    expect(windows).toBe(1)
  } finally {
    await app.close().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
})
