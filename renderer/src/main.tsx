// Renderer entry. Small on purpose: it runs while the app's code is still loading, sends the
// requests the first screen needs (tenants, settings, the opening page of keys) so the core
// answers them in parallel with that load, then starts the app (boot.tsx) with them in flight.
import { createKeysmithClient } from './ipc/keysmith-client';
import { KEY_PAGE_SIZE, keyFilterOf, OPENING_CRITERIA } from './keys/key-filter';
import './styles.css';

const rootElement = document.getElementById('root') as HTMLElement;
const bridge = window.keysmith;

function showProblem(text: string): void {
  const main = document.createElement('main');
  main.className = 'first-run';
  const title = document.createElement('h1');
  title.textContent = 'Keysmith';
  const p = document.createElement('p');
  p.textContent = text;
  main.append(title, p);
  rootElement.replaceChildren(main);
}

if (!bridge) {
  showProblem('This page runs inside the Keysmith app; its bridge to the main process is missing.');
} else {
  const client = createKeysmithClient(bridge);
  const opening = {
    tenants: client.call('tenants:list', {}),
    settings: client.call('settings:get', {}),
    keys: client.call('keys:list', { ...keyFilterOf(OPENING_CRITERIA, null), offset: 0, limit: KEY_PAGE_SIZE }),
  };
  // The app's queries take these over; until it loads, a failure is not an unhandled one.
  for (const call of Object.values(opening)) call.catch(() => undefined);
  import('./boot').then(
    ({ boot }) => boot(rootElement, client, opening),
    () => showProblem('Keysmith could not load its window. Restart the app.'),
  );
}
