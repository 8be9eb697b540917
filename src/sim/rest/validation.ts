// ASP.NET-style model validation: required fields and JSON types, answered with 400 ProblemDetails.

/** The JSON type a request field must have. */
export type FieldType = 'int' | 'number' | 'string' | 'bool' | 'timestamp' | 'object' | 'array'

/** Field rules of one request body; `?` suffix on the key = optional (but typed when present). */
export type BodySchema = Record<string, FieldType>

/** RFC 7807 body, shaped like ASP.NET's ValidationProblemDetails. */
export interface ProblemDetails {
  type: string
  title: string
  status: 400
  errors: Record<string, string[]>
  traceId: string
}

function typeOk(value: unknown, t: FieldType): boolean {
  switch (t) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'string':
      return typeof value === 'string'
    case 'bool':
      return typeof value === 'boolean'
    case 'timestamp':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1')))
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'array':
      return Array.isArray(value)
  }
}

/** Validation errors of a parsed body (empty = valid). */
export function validateBody(body: unknown, schema: BodySchema): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { '': ['A non-empty request body is required.'] }
  const rec = body as Record<string, unknown>
  for (const [rawKey, t] of Object.entries(schema)) {
    const optional = rawKey.endsWith('?')
    const key = rawKey.replace('?', '')
    const v = rec[key]
    if (v === undefined || v === null) {
      if (!optional) errors[key] = [`The ${key} field is required.`]
      continue
    }
    if (!typeOk(v, t)) errors[`$.${key}`] = [`The JSON value could not be converted to ${t}.`]
  }
  return errors
}

export function problem(errors: Record<string, string[]>, traceId: string): ProblemDetails {
  return { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors, traceId }
}
