// One dialog frame for every modal: Radix Dialog gives focus trapping, Escape and labelling.
// A dialog holding something that cannot be shown again (a one-time secret) passes `guard`:
// then Escape, a backdrop click, × and the dialog's own close buttons ask before closing.
import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

const RequestClose = createContext<(() => void) | null>(null);

/** Close the surrounding Modal the way its × does (through its guard). */
export function useRequestClose(): () => void {
  const close = useContext(RequestClose);
  if (!close) throw new Error('useRequestClose outside Modal');
  return close;
}

export function Modal({
  title,
  description,
  onClose,
  children,
  wide,
  guard,
}: {
  title: string;
  description?: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /** Why closing now loses something; null or absent closes at once. */
  guard?: string | null;
}) {
  const [asking, setAsking] = useState(false);
  const keepOpen = useRef<HTMLButtonElement>(null);
  const requestClose = useCallback(() => (guard ? setAsking(true) : onClose()), [guard, onClose]);
  useEffect(() => {
    if (asking) keepOpen.current?.focus();
  }, [asking]);
  useEffect(() => {
    if (!guard) setAsking(false);
  }, [guard]);
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : requestClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className={wide ? 'modal modal-wide' : 'modal'}>
          <Dialog.Title className="modal-title">{title}</Dialog.Title>
          {description ? <Dialog.Description className="modal-description">{description}</Dialog.Description> : <Dialog.Description className="sr-only">{title}</Dialog.Description>}
          <RequestClose.Provider value={requestClose}>{children}</RequestClose.Provider>
          {asking && guard ? (
            <div className="close-guard" role="alert" data-testid="close-guard">
              <p>
                <strong>{guard}</strong> Once this dialog closes, nobody can show it again.
              </p>
              <div className="form-actions">
                <button type="button" className="btn btn-danger" onClick={onClose}>
                  Close anyway
                </button>
                <button type="button" className="btn btn-primary" ref={keepOpen} onClick={() => setAsking(false)}>
                  Keep it open
                </button>
              </div>
            </div>
          ) : null}
          <button type="button" className="modal-close" aria-label="Close" onClick={requestClose}>
            <X size={16} aria-hidden />
          </button>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
