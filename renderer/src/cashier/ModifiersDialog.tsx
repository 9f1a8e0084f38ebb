import { useId, useState, type FormEvent } from 'react';
import type { CatalogItem, ModifierGroup } from '../../../shared/catalog.js';
import { formatMoney } from '../../../shared/money.js';
import { Modal } from './Modal.js';
import {
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

function signed(deltaMinor: number, currency: string): string {
  if (deltaMinor === 0) return '';
  return deltaMinor > 0 ? `+${formatMoney(deltaMinor, currency)}` : `−${formatMoney(-deltaMinor, currency)}`;
}

/**
 * Choosing an item's options before it goes on the order. Required groups and min/max are enforced
 * here with the core's own rules; the Add button stays disabled with the reason next to it.
 */
export function ModifiersDialog({ item, onAdd, onClose }: Props) {
  const groups = item.modifierGroups ?? [];
  const [picks, setPicks] = useState<ModifierPicks>(() => initialPicks(groups));
  const [quantity, setQuantity] = useState(1);
  const [note, setNote] = useState('');
  const reasonId = useId();

  const blocked = blockingReason(groups, picks);
  const unitMinor = unitPriceWith(item, picks);
  const lineMinor = unitMinor * quantity;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    const selection = toSelection(item, picks);
    if (!selection.ok) return;
    const trimmed = note.trim();
    onAdd({ quantity, modifiers: selection.modifiers, ...(trimmed ? { note: trimmed } : {}) });
  };

  return (
    <Modal title={item.name} onClose={onClose} className="modifiers-dialog">
      <form onSubmit={submit} className="modifiers-form">
        {groups.map((group, index) => (
          <GroupField
            key={group.id}
            group={group}
            picks={picks}
            currency={item.currency}
            autoFocus={index === 0}
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
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={blocked !== null} aria-describedby={blocked ? reasonId : undefined}>
            Add to order
          </button>
        </div>
        {blocked && (
          <p id={reasonId} className="blocked-reason">
            {blocked}
          </p>
        )}
      </form>
    </Modal>
  );
}

function GroupField({
  group,
  picks,
  currency,
  autoFocus,
  onToggle,
}: {
  group: ModifierGroup;
  picks: ModifierPicks;
  currency: string;
  autoFocus: boolean;
  onToggle: (optionId: string) => void;
}) {
  const state = groupState(group, picks);
  const chosen = picks[group.id] ?? [];
  // A required single choice is a radio group (arrow keys move the choice); the rest are checkboxes.
  const radio = group.minChoices === 1 && group.maxChoices === 1;
  const hintId = useId();
  return (
    <fieldset className={`modifier-group${state.satisfied ? '' : ' unsatisfied'}`} aria-describedby={hintId}>
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
