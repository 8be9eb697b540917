// Public surface of the resilient REST layer: the client, its building blocks and their configs.
export { RestClient, DEFAULT_TIMEOUTS } from './rest-client'
export { RestPipeline } from './rest-pipeline'
export type { RestClientOptions, RestTimeouts, RestHealthDescription, AuthEndpoint } from './rest-client'
export { GatewayError, sanitizeServerMessage } from './gateway-error'
export type { GatewayErrorCategory, GatewayErrorInit } from './gateway-error'
export { classifyAttempt, RETRYABLE_HTTP_STATUSES, RETRYABLE_NETWORK_CODES } from './classify'
export type { RawAttempt, Classification, BreakerEffect, Delivery } from './classify'
export { ENDPOINTS, lookupErrorCode } from './endpoint-table'
export type { EndpointInfo, RateBucketName, RestBreakerGroup, CodeKind, CodeLookup } from './endpoint-table'
export {
  RateLimiter,
  RateLimitError,
  DEFAULT_RATE_BUCKETS,
  RESERVED_LANE_PRIORITY,
  defaultMaxWaitMs,
} from './rate-limiter'
export type { RateLimiterOptions, RateBucketConfig, RateTicket, RateLimitErrorCode } from './rate-limiter'
export { CircuitBreaker, BREAKER_CONFIGS } from './circuit-breaker'
export type { CircuitBreakerConfig, CircuitBreakerDeps, BreakerPermit } from './circuit-breaker'
export { backoffDelayMs, parseRetryAfterMs, DEFAULT_RETRY } from './backoff'
export type { RetryConfig, RandomSource } from './backoff'
export { RestHealthTracker, classifyRestHealth, percentile, DEFAULT_HEALTH_THRESHOLDS } from './rest-health'
export type { RestSample, RestHealthSnapshot, RestHealthThresholds } from './rest-health'
