// Electron side of app://: register the scheme as privileged (must run before `ready`) and
// serve dist/renderer through serveAppRequest.
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME } from '../app-origin';
import { serveAppRequest } from '../app-protocol';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard + secure: a real origin for 'self' in the CSP and secure-context APIs (clipboard).
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) =>
    serveAppRequest(request.url, rendererDir, async (path) => new Uint8Array(await readFile(path))),
  );
}
