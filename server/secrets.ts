// Minting secrets. The plaintext leaves this module only inside the response that creates
// it; callers store `digest` and `start`.
import { SignJWT } from 'jose';
import { composeOpaqueKey, RANDOM_LENGTH, START_RANDOM_CHARS } from '../contract/keyformat';
import type { Environment, KeyFormat, Scope } from '../contract/keyapi';
import { digestSecret, randomBase62 } from './ids';

export interface MintedSecret {
  secret: string;
  digest: Buffer;
  start: string;
}

export interface JwtClaims {
  keyId: string;
  email: string;
  tenantId: string;
  scopes: readonly Scope[];
  issuedAtMs: number;
  expiresAtMs: number | null;
}

export interface SecretMinter {
  mint(format: KeyFormat, env: Environment, claims: JwtClaims): Promise<MintedSecret>;
}

export function createSecretMinter(vendorPrefix: string, jwtKey: Uint8Array): SecretMinter {
  const opaque = (env: Environment): MintedSecret => {
    const random = randomBase62(RANDOM_LENGTH);
    const secret = composeOpaqueKey(vendorPrefix, env, random);
    return { secret, digest: digestSecret(secret), start: `${vendorPrefix}sk_${env}_${random.slice(0, START_RANDOM_CHARS)}` };
  };
  const jwt = async (env: Environment, c: JwtClaims): Promise<MintedSecret> => {
    const builder = new SignJWT({ workspace: c.tenantId, scopes: [...c.scopes], env })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(c.email)
      .setJti(c.keyId)
      .setIssuedAt(Math.floor(c.issuedAtMs / 1000));
    if (c.expiresAtMs !== null) builder.setExpirationTime(Math.floor(c.expiresAtMs / 1000));
    const secret = await builder.sign(jwtKey);
    // The header and claims of a JWT are not secret and look alike across keys; the display
    // start names the format and environment plus 4 characters of the signature.
    const signature = secret.slice(secret.lastIndexOf('.') + 1);
    return { secret, digest: digestSecret(secret), start: `${vendorPrefix}jwt_${env}_${signature.slice(0, START_RANDOM_CHARS)}` };
  };
  return { mint: (format, env, claims) => (format === 'jwt' ? jwt(env, claims) : Promise.resolve(opaque(env))) };
}
