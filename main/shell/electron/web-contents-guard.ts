// Applied to every webContents the app creates: no navigation, no new windows, no webviews.
// Allowlisted https links go to the system browser.
import type { WebContents } from 'electron';
import { decideNavigation } from '../navigation-guard';

export function guardWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  const route = (url: string) => {
    const decision = decideNavigation(url);
    if (decision.openExternally) openExternal(decision.openExternally);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    route(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    route(url);
    return { action: 'deny' };
  });
}
