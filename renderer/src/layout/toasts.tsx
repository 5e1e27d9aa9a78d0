// Feedback for every action: a short toast that says what happened, with Undo where the
// action can be undone. Held in React state at the root and shared through context.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

interface Toast {
  id: number;
  text: string;
  undo?: () => void;
}

type ShowToast = (text: string, undo?: () => void) => void;

const ToastContext = createContext<ShowToast | null>(null);

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast outside ToastProvider');
  return show;
}

const TOAST_MS = 5_000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [nextId, setNextId] = useState(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback<ShowToast>(
    (text, undo) => {
      const id = nextId;
      setNextId((n) => n + 1);
      setToasts((list) => [...list.slice(-2), { id, text, ...(undo ? { undo } : {}) }]);
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [nextId, dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className="toast" data-testid="toast">
            <span>{t.text}</span>
            {t.undo ? (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  t.undo?.();
                  dismiss(t.id);
                }}
              >
                Undo
              </button>
            ) : null}
            <button type="button" className="btn btn-icon" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
