// Public surface of logging: the JSON logger, sinks and the redactor.
export { JsonLogger, newCorrelationId, DEDUP_EVERY, DEDUP_SUMMARY_MS, DEDUP_WINDOW_MS, type JsonLoggerOptions } from './json-logger'
export { RotatingFileSink, StderrSink, MemorySink, DEFAULT_MAX_AGE_DAYS, DEFAULT_MAX_FILE_BYTES, type LogSink, type RotatingFileSinkOptions } from './sinks'
export { Redactor, defaultRedactor, redact, registerSecret, isSecretKey, keepLast3, REDACTED, TOKEN_REDACTED } from './redact'
export { createAppLogger, type CreateAppLoggerOptions } from './create-logger'
