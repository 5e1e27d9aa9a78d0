// SLOT for the Strapi adapter (branch strapi): replace this file's body with the real factory.
// Until then a Strapi tenant cannot be reached, and says so in words.
import { capsOf } from '../../../contract/providers';
import type { ProviderFactory } from '../registry';
import { notYetBuilt } from '../not-yet-built';

export const strapiFactory: ProviderFactory = (opts) => notYetBuilt(capsOf('strapi'), opts.tenantRef);
