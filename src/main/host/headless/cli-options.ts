// Command-line flags and environment of the headless engine (`npm run engine`), parsed into the
// engine configuration. The API key comes only from the environment (a flag would show in `ps`).

import path from 'node:path'
import { readEngineEnv, type HostEngineConfig } from '../engine-env'

/** The configuration the headless entry builds. */
export type HeadlessEngineConfig = HostEngineConfig & { readonly host: 'headless' }

export interface HeadlessCliOptions {
  readonly config: HeadlessEngineConfig
  /** 0 means an ephemeral port. */
  readonly port: number
}

export type ParseResult = { readonly ok: true; readonly options: HeadlessCliOptions } | { readonly ok: false; readonly message: string } | { readonly ok: false; readonly help: true }

export const HELP_TEXT = `Usage: npm run engine -- [--port N] [--data-dir DIR] [--rules FILE]

Runs the Tiltguard engine without Electron and serves the dashboard on 127.0.0.1.
The first line on stdout is {"url": "..."}: open it in a browser (it carries a per-run secret).

Environment:
  TILTGUARD_REST_URL, TILTGUARD_USER_HUB_URL, TILTGUARD_MARKET_HUB_URL   a ProjectX gateway (all three, or none
                                                                         for the embedded simulator)
  TILTGUARD_USERNAME, TILTGUARD_API_KEY   credentials, kept in memory only
  TILTGUARD_RULES      rules file (same as --rules)
  TILTGUARD_DATA_DIR   data folder (same as --data-dir; default: the OS app-data folder)
`

/** The OS app-data folder for Tiltguard, as Electron's userData would be for app name "Tiltguard". */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Tiltguard')
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Tiltguard')
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config')
  return path.join(base, 'Tiltguard')
}

/** Parses `argv` (without node and script) and `env`. Never echoes the API key in a message. */
export function parseHeadlessArgs(argv: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): ParseResult {
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') return { ok: false, help: true }
    const match = /^--(port|data-dir|rules)(?:=(.*))?$/.exec(arg)
    if (match === null) return { ok: false, message: `unknown argument ${JSON.stringify(arg.slice(0, 40))} (try --help)` }
    const value = match[2] ?? argv[++i]
    if (value === undefined || value === '') return { ok: false, message: `--${match[1]} needs a value` }
    flags.set(match[1] ?? '', value)
  }

  const portText = flags.get('port') ?? '0'
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN
  if (!(port >= 0 && port <= 65535)) return { ok: false, message: '--port must be a number from 0 to 65535' }

  const fromEnv = readEngineEnv(env)
  if (!fromEnv.ok) return fromEnv
  const { gateway, credentials } = fromEnv.value
  const dataDir = flags.get('data-dir') ?? fromEnv.value.dataDir ?? defaultDataDir(platform, env, home)
  const rulesFile = flags.get('rules') ?? fromEnv.value.rulesFile
  const config: HeadlessEngineConfig = {
    dataDir: path.resolve(dataDir),
    host: 'headless',
    ...(rulesFile !== undefined ? { rulesFile: path.resolve(rulesFile) } : {}),
    ...(gateway !== undefined ? { gateway } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  }
  return { ok: true, options: { config, port } }
}
