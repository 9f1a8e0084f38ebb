/** The end of every form dialog: its error, announced at once, then "dismiss" and the submit button. */
export function DialogFooter({
  error,
  dismissLabel,
  submitLabel,
  tone,
  busy,
  onDismiss,
}: {
  error: string | null | undefined;
  dismissLabel: string;
  submitLabel: string;
  /** `danger` for what cannot be undone (voids, cancellations). */
  tone: 'primary' | 'danger';
  busy: boolean;
  onDismiss: () => void;
}) {
  return (
    <>
      {error && (
        <p className="dialog-error" aria-live="assertive">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onDismiss}>
          {dismissLabel}
        </button>
        <button type="submit" className={tone} disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
