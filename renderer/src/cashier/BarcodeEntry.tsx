import { useEffect, useRef, useState, type FormEvent } from 'react';

/** Typed codes take the same path as scanner pushes; F2 jumps here from anywhere. */
export function BarcodeEntry({ onScan }: { onScan: (barcode: string) => void }) {
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F2') {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = code.trim();
    if (!trimmed) return;
    onScan(trimmed);
    setCode('');
  };

  return (
    <form className="barcode-entry" onSubmit={submit}>
      <input
        ref={input}
        aria-label="Barcode"
        aria-keyshortcuts="F2"
        placeholder="Barcode (F2)"
        inputMode="numeric"
        autoComplete="off"
        maxLength={64}
        value={code}
        onChange={(event) => setCode(event.target.value)}
      />
      <button type="submit">Add</button>
    </form>
  );
}
