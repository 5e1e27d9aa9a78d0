// System notifications (or the in-app banner where there are none): the Electron shell's
// notifier in the app, a recording fake in tests.
export interface Notice {
  title: string;
  body: string;
  /** The key the notice is about, when there is one: clicking opens it. */
  tenantRef?: string | null;
  keyId?: string | null;
}

export interface Notifier {
  notify(notice: Notice): void;
}
