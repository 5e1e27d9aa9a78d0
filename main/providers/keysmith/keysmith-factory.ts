// The Key API (KEY-API.md) as a provider: its client is the adapter as it is.
import { createKeyApiClient } from '../../keyapi/key-api-client';
import type { ProviderFactory } from '../registry';

export const keysmithFactory: ProviderFactory = (opts) => createKeyApiClient(opts);
