/** The reason list every void and cancellation offers, with "Other" opening a field for the cashier's words. */
export const OTHER_REASON = 'Other';

export function ReasonChoice({
  name,
  reasons,
  reason,
  onReason,
  other,
  onOther,
}: {
  /** The radio group's name, one per dialog. */
  name: string;
  reasons: readonly string[];
  reason: string;
  onReason: (reason: string) => void;
  other: string;
  onOther: (text: string) => void;
}) {
  return (
    <>
      <fieldset className="choice-list">
        <legend>Reason</legend>
        {[...reasons, OTHER_REASON].map((option, index) => (
          <label key={option}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={reason === option}
              data-autofocus={index === 0 || undefined}
              onChange={() => onReason(option)}
            />
            {option}
          </label>
        ))}
      </fieldset>
      {reason === OTHER_REASON && (
        <label className="field">
          <span>Reason in your words</span>
          <input value={other} maxLength={100} autoComplete="off" onChange={(event) => onOther(event.target.value)} />
        </label>
      )}
    </>
  );
}

/** A manager types their PIN at the till to approve; digits only, never shown. */
export function ManagerPinField({ pin, onPin }: { pin: string; onPin: (pin: string) => void }) {
  return (
    <label className="field">
      <span>Manager PIN</span>
      <input
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={pin}
        onChange={(event) => onPin(event.target.value.replace(/\D/g, ''))}
      />
    </label>
  );
}
