// The app proper, loaded by the entry (main.tsx) once it has sent the opening requests. One
// QueryClient and one bridge client, made here and passed down.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ChannelOutput, KeyPage } from '../../contract/ipc';
import { App } from './app';
import type { KeysmithClient } from './ipc/keysmith-client';
import { KeysmithProvider } from './ipc/keysmith-context';
import { keyFilterOf, OPENING_CRITERIA } from './keys/key-filter';
import { fetchKeyPage, keyInventoryOptions } from './keys/key-inventory-query';
import { AppStateProvider } from './data/app-state';
import { ToastProvider } from './layout/toasts';
import { queryKeys } from './data/query-keys';

/** What the entry asked the core for before this code loaded. */
export interface OpeningCalls {
  tenants: Promise<ChannelOutput<'tenants:list'>>;
  settings: Promise<ChannelOutput<'settings:get'>>;
  keys: Promise<KeyPage>;
}

/** Answers the first call with the request already in flight, every later one afresh. */
function firstFrom<A, T>(opening: Promise<T>, ask: (arg: A) => Promise<T>): (arg: A) => Promise<T> {
  let waiting: Promise<T> | null = opening;
  return (arg) => {
    const answer = waiting ?? ask(arg);
    waiting = null;
    return answer;
  };
}

export function boot(rootElement: HTMLElement, client: KeysmithClient, opening: OpeningCalls): void {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // The core already retries network failures and honours Retry-After; a second retry
        // layer here would turn one 429 into a storm.
        retry: false,
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
    },
  });
  // Before anything renders, so the screens' queries find these in flight and do not ask again.
  void queryClient.prefetchQuery({ queryKey: queryKeys.tenants, queryFn: firstFrom(opening.tenants, () => client.call('tenants:list', {})) });
  void queryClient.prefetchQuery({ queryKey: queryKeys.settings, queryFn: firstFrom(opening.settings, () => client.call('settings:get', {})) });
  const openingFilter = keyFilterOf(OPENING_CRITERIA, null);
  const keyPage = ({ pageParam }: { pageParam: number }) => fetchKeyPage(client, openingFilter, pageParam);
  void queryClient.prefetchInfiniteQuery(keyInventoryOptions(client, openingFilter, firstFrom(opening.keys, keyPage)));

  createRoot(rootElement).render(
    <StrictMode>
      <KeysmithProvider client={client}>
        <QueryClientProvider client={queryClient}>
          <AppStateProvider>
            <ToastProvider>
              <App />
            </ToastProvider>
          </AppStateProvider>
        </QueryClientProvider>
      </KeysmithProvider>
    </StrictMode>,
  );
}
