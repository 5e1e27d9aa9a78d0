// Main → renderer pushes. Services emit; the Electron shell (or the test harness)
// subscribes once and forwards to the window. Payloads are validated on emit so a
// malformed event fails where it is made, not in the renderer.
import { events, type EventName, type EventPayload } from '../contract/ipc';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].parse(payload) as EventPayload<E>;
    for (const listener of this.listeners) {
      try {
        listener(event, parsed);
      } catch {
        // A broken subscriber (a closed window) must not stop the others or the service.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
