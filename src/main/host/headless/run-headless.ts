// Runs the engine without Electron: parse flags and env, create and start the engine, serve the
// dashboard, print {"url"} as the first stdout line, and stop cleanly on SIGINT/SIGTERM.

import { homedir } from 'node:os'
import type { HostedEngine } from '../hosted-engine'
import type { Logger } from '../../ports/logger'
import { HELP_TEXT, parseHeadlessArgs, type HeadlessEngineConfig } from './cli-options'
import { startHeadlessHost, type HeadlessHost } from './start-headless-host'

export interface RunHeadlessDeps {
  readonly createEngine: (config: HeadlessEngineConfig) => HostedEngine
  readonly rendererDir: string
  readonly argv: readonly string[]
  readonly env: NodeJS.ProcessEnv
  readonly logger: Logger
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** Registers the shutdown handler for SIGINT/SIGTERM; tests call it directly. */
  readonly onShutdownSignal: (handler: (signal: string) => void) => void
  readonly exit: (code: number) => void
}

/** A running headless engine: stop() is what a signal triggers. */
export interface RunningHeadless {
  readonly url: string
  stop(): Promise<void>
}

/** Starts everything; resolves with the running instance, or null after printing a usage error. */
export async function runHeadless(deps: RunHeadlessDeps): Promise<RunningHeadless | null> {
  const parsed = parseHeadlessArgs(deps.argv, deps.env, process.platform, homedir())
  if (!parsed.ok) {
    if ('help' in parsed) {
      deps.stderr(HELP_TEXT)
      deps.exit(0)
    } else {
      deps.stderr(`tiltguard engine: ${parsed.message}\n`)
      deps.exit(2)
    }
    return null
  }
  const { config, port } = parsed.options
  const engine = deps.createEngine(config)
  await engine.start()
  let host: HeadlessHost
  try {
    host = await startHeadlessHost(engine, { rendererDir: deps.rendererDir, port, logger: deps.logger.child('headless') })
  } catch (error) {
    await engine.stop()
    throw error
  }
  // The contract with scripts and the e2e fixture: exactly one JSON object on the first stdout line.
  deps.stdout(`${JSON.stringify({ url: host.url })}\n`)

  let stopping: Promise<void> | null = null
  const stop = () => {
    stopping ??= (async () => {
      await host.close()
      await engine.stop()
    })()
    return stopping
  }
  deps.onShutdownSignal((signal) => {
    if (stopping !== null) {
      deps.stderr(`tiltguard engine: ${signal} again, exiting now\n`)
      deps.exit(1)
      return
    }
    deps.logger.info('shutting down', { signal })
    stop().then(
      () => deps.exit(0),
      (error: unknown) => {
        deps.logger.error('shutdown failed', { error: String(error) })
        deps.exit(1)
      },
    )
  })
  return { url: host.url, stop }
}
