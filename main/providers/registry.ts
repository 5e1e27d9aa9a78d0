// Which adapter serves which provider: the tenant service (through tenant-clients) builds every
// client here, never an adapter directly. Each provider's factory lives in its own folder; the
// table below is the one place that names them.
import type { AuthStyle } from '../../contract/ipc';
import type { ProviderId } from '../../contract/providers';
import type { RateBudgetSeen, RateGate } from '../keyapi/rate-gate';
import type { Clock } from '../ports/clock';
import type { ClientLogger, FetchLike } from './http-json';
import { keysmithFactory } from './keysmith/keysmith-factory';
import { openaiFactory } from './openai/openai-factory';
import type { ProviderClient } from './provider-client';
import { strapiFactory } from './strapi/strapi-factory';

export interface ProviderClientOptions {
  baseUrl: string;
  /** How the secret is sent; a provider with one style (capabilities.authStyles) ignores others. */
  authStyle: AuthStyle;
  secret: string;
  /** Slug (or host) used in error messages. */
  tenantName: string;
  tenantRef: string | null;
  gate: RateGate;
  clock: Clock;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** 429 responses one call may retry (each after the shared wait); waiting for room in the budget is not counted. */
  maxRetries?: number;
  /** A wait longer than this (e.g. the hourly window) is reported instead of waited out. */
  maxWaitSeconds?: number;
  onRateBudget?: (budget: RateBudgetSeen) => void;
  /** A row of a key list that failed its schema: skipped (the rest of the page is kept) and reported here. */
  onSkippedRow?: (row: { id: string | null; fields: string[] }) => void;
  logger?: ClientLogger;
  maxKeys?: number;
  maxPages?: number;
  maxResponseBytes?: number;
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
