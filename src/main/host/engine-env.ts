// Engine settings both entries read from the environment: gateway URLs, env-given credentials (memory
// only), rules file and data folder. The API key is never accepted as a flag (it would show in `ps`).

/** What the entries hand to createEngine; structurally `EngineConfig` of ../app/create-engine. */
export interface HostEngineConfig {
  readonly dataDir: string
  readonly rulesFile?: string
  readonly gateway?: { readonly restUrl: string; readonly userHubUrl: string; readonly marketHubUrl: string }
  /** Given in the environment: kept in memory only, never written anywhere by the engine. */
  readonly credentials?: { readonly userName: string; readonly apiKey: string }
  readonly host: 'electron' | 'headless'
}

/** The environment part of the configuration; `dataDir` is only set when TILTGUARD_DATA_DIR is. */
export interface EngineEnv {
  readonly dataDir?: string
  readonly rulesFile?: string
  readonly gateway?: HostEngineConfig['gateway']
  readonly credentials?: HostEngineConfig['credentials']
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim())

/** Reads the TILTGUARD_* variables. Error messages never include a value. */
export function readEngineEnv(env: NodeJS.ProcessEnv): { readonly ok: true; readonly value: EngineEnv } | { readonly ok: false; readonly message: string } {
  const restUrl = nonEmpty(env.TILTGUARD_REST_URL)
  const userHubUrl = nonEmpty(env.TILTGUARD_USER_HUB_URL)
  const marketHubUrl = nonEmpty(env.TILTGUARD_MARKET_HUB_URL)
  const given = [restUrl, userHubUrl, marketHubUrl].filter((u) => u !== undefined).length
  if (given !== 0 && given !== 3) {
    return { ok: false, message: 'set all of TILTGUARD_REST_URL, TILTGUARD_USER_HUB_URL and TILTGUARD_MARKET_HUB_URL, or none (simulator)' }
  }
  const userName = nonEmpty(env.TILTGUARD_USERNAME)
  const apiKey = nonEmpty(env.TILTGUARD_API_KEY)
  if ((userName === undefined) !== (apiKey === undefined)) return { ok: false, message: 'set both TILTGUARD_USERNAME and TILTGUARD_API_KEY, or neither' }
  const dataDir = nonEmpty(env.TILTGUARD_DATA_DIR)
  const rulesFile = nonEmpty(env.TILTGUARD_RULES)
  return {
    ok: true,
    value: {
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(rulesFile !== undefined ? { rulesFile } : {}),
      ...(restUrl && userHubUrl && marketHubUrl ? { gateway: { restUrl, userHubUrl, marketHubUrl } } : {}),
      ...(userName !== undefined && apiKey !== undefined ? { credentials: { userName, apiKey } } : {}),
    },
  }
}
