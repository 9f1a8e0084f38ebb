import { useEffect, useId, useRef, type ReactNode } from 'react';

const FOCUSABLE =
  'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

interface Props {
  title: string;
  /** Escape, the Close button, or a tap outside the panel on the backdrop. */
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the window inert (focus stays
 * inside, screen readers see only the dialog) and Escape raises `cancel`, which closes it through React
 * state rather than behind React's back. Focus starts on the element marked `data-autofocus` and
 * returns to whatever opened the dialog.
 */
export function Modal({ title, onClose, children, className }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    // showModal() focuses the first focusable element, the Close button; the dialog's own first field is where work starts.
    const first =
      element.querySelector<HTMLElement>('[data-autofocus]:not(:disabled)') ??
      element.querySelector<HTMLElement>('.modal-body > :not(header) :is(input, select, textarea, button):not(:disabled)');
    first?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    // showModal() keeps focus off the page behind, but Tab past the last control leaves for the browser's
    // own UI; a till has no use for that, so focus wraps around inside the dialog.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const focusable = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
      const first = focusable[0];
      const last = focusable.at(-1);
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    element.addEventListener('cancel', onCancel);
    element.addEventListener('keydown', onKeyDown);
    return () => {
      element.removeEventListener('cancel', onCancel);
      element.removeEventListener('keydown', onKeyDown);
      if (element.open) element.close();
      // The opener may be gone (a line that was voided); then focus falls back to the page.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      className={`modal ${className ?? ''}`}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> element itself, never on its content.
        if (event.target === dialog.current) onClose();
      }}
    >
      <div className="modal-body">
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="modal-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </dialog>
  );
}
