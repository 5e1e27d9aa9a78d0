// Cursors are opaque to clients (base64url of a position), so the ordering can change
// without breaking them; a cursor that does not decode is a 400, not a silent first page.
import { ApiError } from './errors';

export function encodeCursor(parts: readonly number[]): string {
  return Buffer.from(parts.join('.'), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): number[] | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const parts = text.split('.');
  if (parts.length !== arity || !parts.every((p) => /^\d{1,16}$/.test(p))) {
    throw new ApiError('invalid_request', 'The cursor is not valid.', [{ field: 'querystring.cursor', message: 'not a cursor from this API' }]);
  }
  return parts.map(Number);
}
