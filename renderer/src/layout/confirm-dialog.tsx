// A question before an action that cannot be taken back (Radix AlertDialog: focus starts on
// the safe choice, Escape means no).
import * as Alert from '@radix-ui/react-alert-dialog';
import type { ReactNode } from 'react';

export function ConfirmDialog({
  title,
  children,
  confirm,
  cancel = 'Cancel',
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirm: string;
  cancel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Alert.Root open onOpenChange={(open) => (open ? undefined : onCancel())}>
      <Alert.Portal>
        <Alert.Overlay className="overlay" />
        <Alert.Content className="modal">
          <Alert.Title className="modal-title">{title}</Alert.Title>
          <Alert.Description asChild>
            <div className="modal-description">{children}</div>
          </Alert.Description>
          <div className="form-actions">
            <Alert.Cancel className="btn">{cancel}</Alert.Cancel>
            <button type="button" className="btn btn-danger" onClick={onConfirm} disabled={busy}>
              {confirm}
            </button>
          </div>
        </Alert.Content>
      </Alert.Portal>
    </Alert.Root>
  );
}
