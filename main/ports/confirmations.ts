// Questions only the person at the keyboard may answer, asked by the main process (a native
// dialog in the app), never by the renderer: a compromised page must not be able to say yes
// on the person's behalf. Tests answer through the same port.

export type ConfirmationRequest =
  /** The admin key is about to be sent to a server no stored tenant uses. */
  | { kind: 'connect-new-host'; host: string; origin: string }
  /** keys:revokeAll would also revoke the admin keys this connection itself uses. */
  | { kind: 'revoke-connection-credentials'; tenantSlug: string; host: string };

export interface Confirmations {
  /** Resolves true only when the person said yes. */
  confirm(request: ConfirmationRequest): Promise<boolean>;
}
