// Headless entry (`npm run engine`): the engine without Electron, serving the dashboard on 127.0.0.1
// over node:http and the IPC contract over a loopback WebSocket. Never imports electron.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP_VERSION } from './app/version'
import { createEngine } from './app/create-engine'
import { createAppLogger } from './log'
import { runHeadless } from './host/headless/run-headless'

// better-sqlite3 13 is an N-API 10 module: on Node 20 it crashes the process instead of failing. npm's
// scripts run the project's own Node 22; a direct `node out/main/engine.js` on an older Node stops here.
if (Number(process.versions.node.split('.')[0]) < 22) {
  process.stderr.write(`tiltguard engine: needs Node 22 or newer (this is ${process.version}); start it with \`npm run engine\`\n`)
  process.exit(1)
}

// A reader that took the first line and closed the pipe must not crash the engine that protects the account.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
})

runHeadless({
  // Logs go to <dataDir>/logs and to stderr; stdout is kept for the {"url"} line.
  createLogger: (config) => createAppLogger({ logsDir: join(config.dataDir, 'logs'), version: APP_VERSION, stderr: true }),
  createEngine: (config, logger) => createEngine(config, { logger }),
  // Built layout: out/main/engine.js next to out/renderer/.
  rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  onShutdownSignal: (handler) => {
    process.on('SIGINT', () => handler('SIGINT'))
    process.on('SIGTERM', () => handler('SIGTERM'))
  },
  exit: (code) => process.exit(code),
}).catch((error: unknown) => {
  process.stderr.write(`tiltguard engine: failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
