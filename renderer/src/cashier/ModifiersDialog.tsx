import { useId, useRef, useState, type FormEvent } from 'react';
import type { CatalogItem, ModifierGroup } from '../../../shared/catalog.js';
import { formatMoney } from '../../../shared/money.js';
import { Modal } from './Modal.js';
import {
  blockingGroup,
  blockingReason,
  groupRule,
  groupState,
  initialPicks,
  toggleOption,
  toSelection,
  unitPriceWith,
  type ChosenGroup,
  type ModifierPicks,
} from './modifier-choice.js';

export interface ModifiedLine {
  quantity: number;
  modifiers: ChosenGroup[];
  note?: string;
}

interface Props {
  item: CatalogItem;
  onAdd: (line: ModifiedLine) => void;
  onClose: () => void;
}

const MAX_QUANTITY = 999;

/**
 * The highlight after a tap on the blocked Add button. Two animation names taken in turn restart the
 * animation on every tap without re-mounting the element (which would lose the focus just given to it).
 */
function nudgeClass(nudges: number): string {
  if (nudges === 0) return '';
  return nudges % 2 === 1 ? ' nudged' : ' nudged nudged-again';
}

function signed(deltaMinor: number, currency: string): string {
  if (deltaMinor === 0) return '';
  return deltaMinor > 0 ? `+${formatMoney(deltaMinor, currency)}` : `−${formatMoney(-deltaMinor, currency)}`;
}

/**
 * Choosing an item's options before it goes on the order. Required groups and min/max are enforced
 * here with the core's own rules. The running price, the reason the line cannot be added yet and the
 * actions sit in a footer pinned to the bottom of the dialog, on screen however long the choices are.
 * "Add to order" looks disabled until the line can be added, but still answers a tap: it takes the
 * cashier to the group that is missing a choice and highlights it, instead of doing nothing.
 */
export function ModifiersDialog({ item, onAdd, onClose }: Props) {
  const groups = item.modifierGroups ?? [];
  const [picks, setPicks] = useState<ModifierPicks>(() => initialPicks(groups));
  const [quantity, setQuantity] = useState(1);
  const [note, setNote] = useState('');
  const reasonId = useId();
  const form = useRef<HTMLFormElement>(null);
  /** Bumped by each tap on the blocked Add button: re-runs the highlight on the missing group. */
  const [nudges, setNudges] = useState(0);

  const blocked = blockingReason(groups, picks);
  const missing = blockingGroup(groups, picks);
  const unitMinor = unitPriceWith(item, picks);
  const lineMinor = unitMinor * quantity;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blocked) {
      setNudges((n) => n + 1);
      // The first choice of the group that is missing one: focus scrolls it into view and reads its rule.
      form.current?.querySelector<HTMLInputElement>(`[data-group="${missing?.id ?? ''}"] input:not(:disabled)`)?.focus();
      return;
    }
    const selection = toSelection(item, picks);
    if (!selection.ok) return;
    const trimmed = note.trim();
    onAdd({ quantity, modifiers: selection.modifiers, ...(trimmed ? { note: trimmed } : {}) });
  };

  return (
    <Modal title={item.name} onClose={onClose} className="modifiers-dialog">
      <form ref={form} onSubmit={submit} className="modifiers-form">
        {groups.map((group, index) => (
          <GroupField
            key={group.id}
            group={group}
            picks={picks}
            currency={item.currency}
            autoFocus={index === 0}
            nudge={group.id === missing?.id ? nudges : 0}
            onToggle={(optionId) => setPicks((current) => toggleOption(current, group, optionId))}
          />
        ))}
        <label className="field">
          <span>Note for the kitchen</span>
          <input
            value={note}
            maxLength={200}
            autoComplete="off"
            placeholder="e.g. sauce on the side"
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        <div className="modifier-footer">
          <div className="quantity-stepper" role="group" aria-label="Quantity">
            <button type="button" aria-label="One less" disabled={quantity <= 1} onClick={() => setQuantity((q) => Math.max(1, q - 1))}>
              −
            </button>
            <output aria-live="polite" aria-label="Quantity">
              {quantity}
            </output>
            <button
              type="button"
              aria-label="One more"
              disabled={quantity >= MAX_QUANTITY}
              onClick={() => setQuantity((q) => Math.min(MAX_QUANTITY, q + 1))}
            >
              +
            </button>
          </div>
          <p className="line-price" aria-live="polite">
            <span>Line price</span> <strong aria-label="Line price">{formatMoney(lineMinor, item.currency)}</strong>
          </p>
          {blocked && (
            <p id={reasonId} className={`blocked-reason${nudgeClass(nudges)}`} aria-live="polite">
              {blocked}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            {/* aria-disabled, not disabled: a disabled button swallows the tap, and the tap should say what is missing. */}
            <button type="submit" className="primary" aria-disabled={blocked !== null} aria-describedby={blocked ? reasonId : undefined}>
              Add to order
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}

function GroupField({
  group,
  picks,
  currency,
  autoFocus,
  nudge,
  onToggle,
}: {
  group: ModifierGroup;
  picks: ModifierPicks;
  currency: string;
  autoFocus: boolean;
  /** Taps on the blocked Add button while this group is what is missing (0: none). */
  nudge: number;
  onToggle: (optionId: string) => void;
}) {
  const state = groupState(group, picks);
  const chosen = picks[group.id] ?? [];
  // A required single choice is a radio group (arrow keys move the choice); the rest are checkboxes.
  const radio = group.minChoices === 1 && group.maxChoices === 1;
  const hintId = useId();
  return (
    <fieldset
      data-group={group.id}
      className={`modifier-group${state.satisfied ? '' : ' unsatisfied'}${nudge > 0 && !state.satisfied ? nudgeClass(nudge) : ''}`}
      aria-describedby={hintId}
    >
      <legend>{group.name}</legend>
      <p id={hintId} className="group-rule">
        {groupRule(group)}
        {state.full ? ' · limit reached' : ''}
        {!state.satisfied ? ` · ${state.problem}` : ''}
      </p>
      <div className="modifier-options">
        {group.options.map((option, index) => {
          const checked = chosen.includes(option.id);
          return (
            <label key={option.id} className={`modifier-option${checked ? ' checked' : ''}`}>
              <input
                type={radio ? 'radio' : 'checkbox'}
                name={`group-${group.id}`}
                checked={checked}
                // Past the maximum an unchosen option cannot be ticked; the hint says why.
                disabled={!checked && state.full}
                data-autofocus={(autoFocus && index === 0) || undefined}
                onChange={() => onToggle(option.id)}
              />
              <span className="option-name">{option.name}</span>
              <span className="option-delta">{signed(option.priceDeltaMinor, currency)}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
