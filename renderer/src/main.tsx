// Renderer entry: one QueryClient and one bridge client, made here and passed down.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createKeysmithClient } from './ipc/keysmith-client';
import { KeysmithProvider } from './ipc/keysmith-context';
import { AppStateProvider } from './shell/app-state';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const bridge = window.keysmith;

if (!bridge) {
  root.render(
    <main className="first-run">
      <h1>Keysmith</h1>
      <p>This page runs inside the Keysmith app; its bridge to the main process is missing.</p>
    </main>,
  );
} else {
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
  root.render(
    <StrictMode>
      <KeysmithProvider client={createKeysmithClient(bridge)}>
        <QueryClientProvider client={queryClient}>
          <AppStateProvider>
            <App />
          </AppStateProvider>
        </QueryClientProvider>
      </KeysmithProvider>
    </StrictMode>,
  );
}
