// The Strapi adapter in the providers registry.
import type { ProviderFactory } from '../registry';
import { createStrapiClient } from './strapi-client';

export const strapiFactory: ProviderFactory = (opts) => createStrapiClient(opts);
