// "Is a secret on screen", held by the shell so every window the app has (and one it opens
// while a secret shows) gets content protection while it is, and loses it afterwards.
export interface SecretScreenState {
  set(onScreen: boolean): void;
  /** Applies the current state to a window just created. */
  applyTo(protect: (on: boolean) => void): void;
}

export function createSecretScreenState(protect: (on: boolean) => void): SecretScreenState {
  let onScreen = false;
  return {
    set(next) {
      if (next === onScreen) return;
      onScreen = next;
      protect(next);
    },
    applyTo(apply) {
      if (onScreen) apply(true);
    },
  };
}
