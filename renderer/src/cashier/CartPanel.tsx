import type { OrderView } from '../../../shared/order-view.js';
import { formatMoney } from '../../../shared/money.js';
import { summarizeLines } from '../ui/labels.js';

export function CartPanel({ order, fallbackCurrency }: { order: OrderView | null; fallbackCurrency: string }) {
  const currency = order?.currency ?? fallbackCurrency;
  const lines = summarizeLines(order?.lines ?? []);
  return (
    <section className="cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading">{order ? `Order ${order.ticketNumber}` : 'New order'}</h2>
      <ul role="list" aria-label="Cart" className="cart-lines">
        {lines.map((line) => (
          <li key={line.key} className="cart-line">
            <span>{`${line.quantity} × ${line.name}`}</span> <span className="amount">{formatMoney(line.totalMinor, currency)}</span>
          </li>
        ))}
      </ul>
      {lines.length === 0 && <p className="placeholder">Tap an item or scan a barcode</p>}
      <dl className="total">
        <dt>Total</dt>
        <dd aria-label="Total">{formatMoney(order?.totalMinor ?? 0, currency)}</dd>
      </dl>
    </section>
  );
}
