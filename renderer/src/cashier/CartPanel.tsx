import { formatMoney } from '../../../shared/money.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';
import { describeDiscountAmount } from './discount-form.js';
import { isFired, modifierText } from './line-view.js';
import { guestOf } from './order-details.js';

interface Props {
  order: OrderView | null;
  fallbackCurrency: string;
  selectedLineId: string | null;
  /** Editing is off while the order is paid or a call is settling it. */
  editable: boolean;
  onSelect: (lineId: string | null) => void;
  onChangeQuantity: (line: OrderLineView, quantity: number) => void;
  onLineNote: (line: OrderLineView) => void;
  onLineDiscount: (line: OrderLineView) => void;
  onVoid: (line: OrderLineView) => void;
  onRemoveDiscount: (discountId: string) => void;
}

/**
 * The order as the station folded it: one row per line (each keeps its own id for voids and
 * discounts), fired lines marked as sent, voided lines struck through, and the totals the core computed.
 */
export function CartPanel(props: Props) {
  const { order, fallbackCurrency, selectedLineId, editable, onSelect } = props;
  const currency = order?.currency ?? fallbackCurrency;
  const money = (minor: number) => formatMoney(minor, currency);
  const lines = order?.lines ?? [];
  const voided = order?.voidedLines ?? [];
  const guest = guestOf(order);
  const orderNote = order?.note;

  return (
    <section className="cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading">
        {order ? `Order ${order.ticketNumber}` : 'New order'}
        {guest && <span className="cart-guest"> · {guest}</span>}
      </h2>
      {orderNote && <p className="order-note">Note: {orderNote}</p>}
      <ul role="list" aria-label="Cart" className="cart-lines">
        {lines.map((line) => {
          const fired = isFired(line);
          const isSelected = line.lineId === selectedLineId;
          return (
            <li key={line.lineId} className={`cart-line${isSelected ? ' selected' : ''}${fired ? ' fired' : ''}`}>
              {editable ? (
                <button
                  type="button"
                  className="cart-line-button"
                  aria-pressed={isSelected}
                  onClick={() => onSelect(isSelected ? null : line.lineId)}
                >
                  <LineContent line={line} discountMinor={lineDiscountMinor(order, line.lineId)} money={money} />
                </button>
              ) : (
                // A paid order's lines are a record, not controls: nothing to select, and no second "Espresso" button.
                <div className="cart-line-button">
                  <LineContent line={line} discountMinor={lineDiscountMinor(order, line.lineId)} money={money} />
                </div>
              )}
              {/* Right under the line it acts on, not after the last line of a long order. */}
              {isSelected && editable && order && <LineActions line={line} {...props} />}
            </li>
          );
        })}
      </ul>
      {lines.length === 0 && <p className="placeholder">Tap an item, search (/) or scan a barcode</p>}
      {voided.length > 0 && (
        <ul role="list" aria-label="Voided lines" className="voided-lines">
          {voided.map((line) => (
            <li key={line.lineId}>
              <del>
                {`${line.quantity} × ${line.name}`} <span className="amount">{money(line.totalMinor)}</span>
              </del>{' '}
              <span className="void-reason">{line.reason}</span>
            </li>
          ))}
        </ul>
      )}
      <dl className="totals">
        {order && order.subtotalMinor !== order.totalMinor && (
          <div>
            <dt>Subtotal</dt>
            {/* Not "Subtotal": a label containing "Total" would make the total ambiguous to find by its label. */}
            <dd aria-label="Before discounts">{money(order.subtotalMinor)}</dd>
          </div>
        )}
        {order?.discounts.map((discount) => (
          <div key={discount.discountId} className="discount-row">
            <dt>
              {`Discount ${describeDiscountAmount(discount.amount, money)}${discount.target.kind === 'line' ? ` on ${lineName(order, discount.target.lineId)}` : ''} · ${discount.reason}`}
            </dt>
            <dd>
              −{money(discount.appliedMinor)}{' '}
              {editable && (
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove discount: ${discount.reason}`}
                  onClick={() => props.onRemoveDiscount(discount.discountId)}
                >
                  Remove
                </button>
              )}
            </dd>
          </div>
        ))}
        {order && order.taxMinor > 0 && (
          <div>
            <dt>{order.taxes.every((band) => band.included) ? 'Tax included' : 'Tax'}</dt>
            <dd aria-label="Tax">{money(order.taxMinor)}</dd>
          </div>
        )}
        <div className="total">
          <dt>Total</dt>
          <dd aria-label="Total">{money(order?.totalMinor ?? 0)}</dd>
        </div>
        {order && order.paidMinor > 0 && order.dueMinor > 0 && (
          <div>
            <dt>Still due</dt>
            <dd aria-label="Still due">{money(order.dueMinor)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/**
 * What the line's own discounts take off. `discountMinor` on the line also holds its share of an
 * order discount (for tax); shown on every line that share reads as a second discount, so the order
 * discount appears once, in the totals.
 */
function lineDiscountMinor(order: OrderView | null, lineId: string): number {
  return (order?.discounts ?? [])
    .filter((d) => d.target.kind === 'line' && d.target.lineId === lineId)
    .reduce((sum, d) => sum + d.appliedMinor, 0);
}

function LineContent({ line, discountMinor, money }: { line: OrderLineView; discountMinor: number; money: (minor: number) => string }) {
  const modifiers = modifierText(line);
  return (
    <>
      <span className="line-main">
        <span>{`${line.quantity} × ${line.name}`}</span>
        <span className="amount">{money(line.totalMinor)}</span>
      </span>
      {modifiers && <span className="line-modifiers">{modifiers}</span>}
      {line.note && <span className="line-note">Note: {line.note}</span>}
      {discountMinor > 0 && <span className="line-discount">Discount −{money(discountMinor)}</span>}
      {isFired(line) && <span className="line-badge">Sent to kitchen</span>}
    </>
  );
}

function lineName(order: OrderView, lineId: string): string {
  return order.lines.find((l) => l.lineId === lineId)?.name ?? order.voidedLines.find((l) => l.lineId === lineId)?.name ?? 'a line';
}

function LineActions({ line, onChangeQuantity, onLineNote, onLineDiscount, onVoid }: Props & { line: OrderLineView }) {
  const fired = isFired(line);
  return (
    <div className="line-actions" role="toolbar" aria-label={`Actions for ${line.name}`}>
      <button
        type="button"
        aria-label={`One less ${line.name}`}
        disabled={fired || line.quantity <= 1}
        onClick={() => onChangeQuantity(line, line.quantity - 1)}
      >
        −
      </button>
      <button
        type="button"
        aria-label={`One more ${line.name}`}
        disabled={fired || line.quantity >= 999}
        onClick={() => onChangeQuantity(line, line.quantity + 1)}
      >
        +
      </button>
      <button type="button" disabled={fired} onClick={() => onLineNote(line)}>
        Note
      </button>
      <button type="button" onClick={() => onLineDiscount(line)}>
        Discount
      </button>
      <button type="button" className="danger" onClick={() => onVoid(line)}>
        Void
      </button>
      {fired && <p className="line-actions-hint">Sent to the kitchen: void it (manager) and add it again to change it.</p>}
    </div>
  );
}
