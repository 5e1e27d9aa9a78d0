// SLOT for the OpenAI adapter (branch openai): replace this file's body with the real factory.
// Until then an OpenAI tenant cannot be reached, and says so in words.
import { capsOf } from '../../../contract/providers';
import type { ProviderFactory } from '../registry';
import { notYetBuilt } from '../not-yet-built';

export const openaiFactory: ProviderFactory = (opts) => notYetBuilt(capsOf('openai'), opts.tenantRef);
