import { useEffect, useState } from 'react';
import { Modal } from './Modal.js';
import { CASHIER_KEY_HELP, fieldKind, fieldNeedsKey } from './shortcuts.js';

/**
 * The cashier's keys, one tap (or "?") away: a header button opens the list. Buttons with a key show it
 * as a key cap too (styles.css, from their `aria-keyshortcuts`), so the list is for learning, not looking up.
 */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (fieldNeedsKey(fieldKind(event.target), '?') || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button type="button" className="shortcut-help-button" aria-keyshortcuts="?" onClick={() => setOpen(true)}>
        Keys
      </button>
      {open && (
        <Modal title="Keyboard shortcuts" onClose={() => setOpen(false)} className="shortcut-help">
          <dl className="shortcut-list">
            {CASHIER_KEY_HELP.map(({ keys, what }) => (
              <div key={`${keys} ${what}`}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
