// Which adapter serves which provider: the tenant service (through tenant-clients) builds every
// client here, never an adapter directly. Each provider's factory lives in its own folder; the
// table below is the one place that names them.
import type { AuthStyle } from '../../contract/ipc';
import type { ProviderId } from '../../contract/providers';
import type { HttpTransport } from './http-json';
import { keysmithFactory } from './keysmith/keysmith-factory';
import { openaiFactory } from './openai/openai-factory';
import type { ProviderClient } from './provider-client';
import { strapiFactory } from './strapi/strapi-factory';

export interface ProviderClientOptions extends HttpTransport {
  baseUrl: string;
  /** How the secret is sent; a provider with one style (capabilities.authStyles) ignores others. */
  authStyle: AuthStyle;
  secret: string;
  /** A row of a key list that failed its schema: skipped (the rest of the page is kept) and reported here. */
  onSkippedRow?: (row: { id: string | null; fields: string[] }) => void;
  maxKeys?: number;
  maxPages?: number;
  /** OpenAI: the projects whose project and service-account keys are managed (its described API cannot list projects). */
  projectIds?: readonly string[];
}

export type ProviderFactory = (opts: ProviderClientOptions) => ProviderClient;

const FACTORIES: { readonly [P in ProviderId]: ProviderFactory } = {
  keysmith: keysmithFactory,
  strapi: strapiFactory,
  openai: openaiFactory,
};

export function createProviderClient(provider: ProviderId, opts: ProviderClientOptions): ProviderClient {
  return FACTORIES[provider](opts);
}
