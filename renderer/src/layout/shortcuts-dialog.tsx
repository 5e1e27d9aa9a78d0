// `?`: every keyboard shortcut in one list.
import { useAppState } from '../data/app-state';
import { Modal } from './modal';

export const SHORTCUTS: ReadonlyArray<[keys: string, what: string]> = [
  ['Ctrl K', 'Open the command palette: find keys, run actions'],
  ['Ctrl N', 'New key'],
  ['/', 'Focus the key search'],
  ['↑ ↓', 'Move through the keys'],
  ['Enter', 'Open the key'],
  ['Esc', 'Close the dialog or the key detail'],
  ['?', 'Show this list'],
];

export function ShortcutsDialog() {
  const { closeDialog } = useAppState();
  return (
    <Modal title="Keyboard shortcuts" onClose={closeDialog}>
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} style={{ display: 'contents' }}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
