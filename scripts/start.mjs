// `npm start`: build, then launch the desktop app when the Electron binary is present. Without it
// (e.g. where the binary cannot be downloaded) say why and run the headless engine instead, which
// serves the same dashboard on 127.0.0.1. Never rebuilds native modules (they are N-API).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const BIN = path.join(ROOT, 'node_modules/.bin')

/** The Electron executable, or why there is none; never triggers the package's download. */
function electronBinary() {
  const pkg = path.join(ROOT, 'node_modules/electron')
  const pathTxt = path.join(pkg, 'path.txt')
  if (!existsSync(pathTxt)) return { reason: 'node_modules/electron/path.txt is missing (the Electron binary was never downloaded)' }
  const binary = path.join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim())
  return existsSync(binary) ? { binary } : { reason: `${path.relative(ROOT, binary)} is missing` }
}

/** Runs a build step with its output on stderr, so stdout's first line stays the engine's {"url"}. */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['inherit', 2, 2] })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

run(path.join(BIN, 'electron-vite'), ['build'])

/**
 * Electron 45 has no install step: its binary is fetched the first time it is needed. Fetch it now, once,
 * with a time limit, so a machine that can reach the download gets the desktop app.
 */
function ensureElectronBinary() {
  const first = electronBinary()
  if ('binary' in first) return first
  console.error('Tiltguard: downloading the Electron runtime (first start only)…')
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/electron/install.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 180_000,
  })
  const second = electronBinary()
  if ('binary' in second) return second
  return { reason: `${second.reason}; downloading it failed (exit ${result.status ?? result.signal ?? 'timeout'})` }
}

const found = ensureElectronBinary()
/** Runs `command` in the foreground, forwarding Ctrl-C / SIGTERM, and exits with its code. */
function foreground(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if ('binary' in found) {
  foreground(path.join(BIN, 'electron-vite'), ['preview', '--skipBuild'])
} else {
  console.error(`Tiltguard: cannot start the desktop app: ${found.reason}.`)
  console.error('Starting the headless engine instead; open the URL below in a browser (it carries a per-run secret).')
  foreground(process.execPath, [path.join(ROOT, 'out/main/engine.js'), ...process.argv.slice(2)])
}
