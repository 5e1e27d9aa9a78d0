// OpenAI's slot in the provider registry: the adapter of main/providers/openai/openai-client.ts.
import type { ProviderFactory } from '../registry';
import { createOpenAiClient } from './openai-client';

export const openaiFactory: ProviderFactory = (opts) => createOpenAiClient(opts);
