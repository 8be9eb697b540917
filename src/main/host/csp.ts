// The renderer's Content-Security-Policy, as both hosts send it in a response header. The same
// policy, minus frame-ancestors (browsers ignore that directive in a <meta> and log an error), sits in
// src/renderer/index.html as a <meta>; a test keeps the two in step.

/**
 * Scripts, styles, images and connections from our own origin only; no plugins, no framing, no forms,
 * no <base>. 'self' also covers the WebSocket back to our own host:port (CSP Level 3), which is all
 * the headless bridge needs. No 'unsafe-inline' anywhere: React does not need it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

/** The policy as the renderer's <meta> carries it: frame-ancestors only works as a header. */
export const CONTENT_SECURITY_POLICY_META = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ')

/** Headers that go with every response of the renderer, in both hosts. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}
