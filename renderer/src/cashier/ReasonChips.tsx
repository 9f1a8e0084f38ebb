import type { JSX } from 'react';

interface Props {
  /** The radio group's name, unique in the dialog. */
  name: string;
  /** The usual reasons; "Other" is added last and asks for the cashier's own words. */
  reasons: readonly string[];
  other: string;
  /** The chip picked ('' before any). */
  value: string;
  onChange: (reason: string) => void;
  /** The cashier's words when "Other" is picked. */
  otherText: string;
  onOtherTextChange: (text: string) => void;
  maxLength?: number;
  /** The id of the error shown for the reason, if any: marks the group invalid and describes it. */
  errorId?: string;
  disabled?: boolean;
}

/**
 * Reason chips, as voids and discounts offer them: one tap for the usual reasons, "Other" for a few
 * words of the cashier's own. The reason is kept on the event for the audit log.
 */
export function ReasonChips({
  name,
  reasons,
  other,
  value,
  onChange,
  otherText,
  onOtherTextChange,
  maxLength = 200,
  errorId,
  disabled,
}: Props): JSX.Element {
  return (
    <>
      <fieldset
        className="choice-list reason-chips"
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        disabled={disabled}
      >
        <legend>Reason</legend>
        {[...reasons, other].map((option) => (
          <label key={option}>
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
            {option}
          </label>
        ))}
      </fieldset>
      {value === other && (
        <label className="field">
          <span>Reason in your words</span>
          <input
            autoFocus
            value={otherText}
            maxLength={maxLength}
            autoComplete="off"
            disabled={disabled}
            aria-invalid={errorId ? true : undefined}
            aria-describedby={errorId}
            onChange={(event) => onOtherTextChange(event.target.value)}
          />
        </label>
      )}
    </>
  );
}
