// An AuthApi with a REST pipeline of its own, for tests and benches that sign in without a whole session
// (production shares the session's pipeline, so logins use the same rate limiter as everything else).
import { PipelineAuthApi, type PipelineAuthApiOptions } from '../../../src/main/gateway/auth/auth-api'
import { RestClient, type RestClientOptions } from '../../../src/main/gateway/rest'

const NO_TOKEN = {
  current: () => null,
  refresh: () => Promise.reject(new Error('no token source')),
  onTokenSwapped: () => () => undefined,
}

export function standaloneAuthApi(
  options: { readonly baseUrl: string; readonly fetch?: RestClientOptions['fetch'] } & PipelineAuthApiOptions,
): PipelineAuthApi {
  const rest = new RestClient({
    baseUrl: options.baseUrl,
    tokenSource: NO_TOKEN,
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  })
  return new PipelineAuthApi(rest, options)
}
