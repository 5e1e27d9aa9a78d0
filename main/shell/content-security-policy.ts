// The one Content-Security-Policy of the renderer, sent as a header by the app:// handler.
//
// style-src keeps 'unsafe-inline' because the UI's Radix primitives (dialogs, selects) lock
// scrolling by injecting a <style> element at runtime, which a hash or nonce cannot cover.
// Inline styles cannot run script; with connect-src and img-src limited to 'self' they have
// nowhere to send data, so the remaining risk is cosmetic. Scripts get no such exception.
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** Headers every app:// response carries. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
