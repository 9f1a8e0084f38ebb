import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useMemo, useRef, type JSX } from 'react';
import { formatMoney } from '../../../../shared/money.js';
import type { OrderView } from '../../../../shared/order-view.js';
import { useBridge } from '../../app/BridgeContext.js';
import { useAppSelector } from '../../store/hooks.js';
import { useEntryChanges } from '../../store/use-entry-changes.js';
import { CardTender } from './CardTender.js';
import { CashTender } from './CashTender.js';
import { ReprintReceipt } from './ReprintReceipt.js';
import { SimulatedTerminalControl } from './SimulatedTerminalControl.js';
import { SplitTender } from './SplitTender.js';
import { amountToPay, partsOf, tenderMachine } from './tender-machine.js';

interface Props {
  order: OrderView;
  onPaid: (order: OrderView, changeMinor: number) => void;
  disabled?: boolean;
  /** Shown as the full tender view; hidden, it stays mounted so a card attempt in flight is picked up. */
  open: boolean;
  /** Back to the menu and the cart; not while a payment is under way. */
  onBack: () => void;
  /** A payment is under way (a card attempt found in flight after a reload, say): the view must show. */
  onActive: () => void;
  /** Each new value above 0 puts focus in the cash field (Charge, F4). */
  focusRequest?: number;
}

/**
 * The tender view of one order: cash (one-tap quick cash, live change), card (live from the terminal),
 * tip, split tender, all on one screen without scrolling. Another order gets a fresh tender (keyed by
 * id). After payment it offers "Print receipt again".
 */
export function TenderPanel(props: Props): JSX.Element {
  return <OrderTender key={props.order.id} {...props} />;
}

function OrderTender({ order, onPaid, disabled = false, open, onBack, onActive, focusRequest = 0 }: Props): JSX.Element {
  const bridge = useBridge();
  const paidRef = useRef(onPaid);
  paidRef.current = onPaid;
  const machine = useMemo(
    () => tenderMachine.provide({ actions: { paid: (_, { order: paid, changeMinor }) => paidRef.current(paid, changeMinor) } }),
    [],
  );
  const tender = useActorRef(machine, { input: { bridge, order } });
  const snapshot = useSelector(tender, (s) => s);
  const { context } = snapshot;

  useEffect(() => tender.send({ type: 'ORDER_CHANGED', order }), [tender, order]);
  // Card attempts move by push (payments slice); the machine only takes those of this order.
  const attempts = useAppSelector((s) => s.payments.attempts);
  useEntryChanges(attempts, (attempt) => {
    if (attempt.orderId === order.id) tender.send({ type: 'ATTEMPT_CHANGED', attempt });
  });

  const current = context.order;
  const currency = current.currency;
  const parts = partsOf(context);
  const due = amountToPay(context);
  const busy = disabled || !snapshot.matches('choosing');
  const invalid = (message: string) => tender.send({ type: 'INPUT_INVALID', message });
  const active = !snapshot.matches('choosing') && !snapshot.matches('done') && !snapshot.matches('closed');
  const activeRef = useRef(onActive);
  activeRef.current = onActive;
  const underway = snapshot.matches('card') || snapshot.matches('awaitingOrder');
  useEffect(() => {
    if (underway) activeRef.current();
  }, [underway]);

  if (snapshot.matches('done')) {
    return (
      <section className="tender-panel tender-done" aria-label="Payment" hidden={!open}>
        <p className="tender-paid">
          Paid {formatMoney(current.paidMinor, currency)}
          {context.settledBy === 'card' ? ' by card' : ''}
        </p>
        <ReprintReceipt orderId={current.id} />
      </section>
    );
  }
  if (snapshot.matches('closed')) {
    return (
      <section className="tender-panel" aria-label="Payment" hidden={!open}>
        <p>
          Order #{current.ticketNumber} is {current.status.replace('_', ' ')}; there is nothing to take.
        </p>
      </section>
    );
  }

  const cardPhase = snapshot.matches({ card: 'refused' })
    ? 'refused'
    : snapshot.matches({ card: 'inFlight' }) || snapshot.matches('awaitingOrder')
      ? 'in_flight'
      : snapshot.matches({ card: 'starting' })
        ? 'starting'
        : busy
          ? 'busy'
          : 'ready';
  const showCash = cardPhase === 'ready' || cardPhase === 'refused' || cardPhase === 'busy';

  return (
    <section className="tender-panel tender-view" aria-label="Payment" hidden={!open}>
      <header className="tender-head">
        <h2>Take payment</h2>
        <p className="tender-due">
          {parts.length > 0 ? 'This part' : 'Due'} <strong>{formatMoney(due, currency)}</strong>
          {parts.length > 0 && <span> of {formatMoney(current.dueMinor, currency)} remaining</span>}
        </p>
        <button type="button" className="tender-back" disabled={active} onClick={onBack}>
          Back to items
        </button>
      </header>
      {(context.error || context.notice) && (
        <p className={context.error ? 'tender-error' : 'tender-notice'} role={context.error ? 'alert' : undefined} aria-live="polite">
          {context.error?.message ?? context.notice}
          <button type="button" className="dismiss" aria-label="Dismiss" onClick={() => tender.send({ type: 'DISMISS_ERROR' })}>
            ×
          </button>
        </p>
      )}
      <div className="tender-methods">
        <div className="tender-column">
          {showCash ? (
            <CashTender
              // A new part (or a new amount due) starts with an empty field, never the last part's cash.
              key={`${context.selectedPartId ?? 'whole'}:${due}`}
              dueMinor={due}
              currency={currency}
              busy={busy && cardPhase !== 'refused'}
              focusRequest={open ? focusRequest : 0}
              onPay={(tenderedMinor) => tender.send({ type: 'PAY_CASH', tenderedMinor })}
              onInvalid={invalid}
            />
          ) : (
            <p className="tender-cash-wait">Cash is back once the card payment is settled.</p>
          )}
          <SplitTender
            dueMinor={current.dueMinor}
            currency={currency}
            parts={parts}
            selectedPartId={context.selectedPartId}
            busy={busy}
            onSplit={(partsMinor) => tender.send({ type: 'SPLIT', partsMinor })}
            onSelect={(partId) => tender.send({ type: 'SELECT_PART', partId })}
            onInvalid={invalid}
          />
        </div>
        <div className="tender-column">
          <CardTender
            amountMinor={due}
            currency={currency}
            tipMinor={context.tipMinor}
            attempt={context.attempt}
            phase={cardPhase}
            onTip={(tipMinor) => tender.send({ type: 'SET_TIP', tipMinor })}
            onPay={() => tender.send({ type: 'PAY_CARD' })}
            onCancel={() => tender.send({ type: 'CANCEL_CARD' })}
            onRetry={() => tender.send({ type: 'RETRY_CARD' })}
            onBack={() => tender.send({ type: 'BACK' })}
            onInvalid={invalid}
          />
          <SimulatedTerminalControl operation="payment" />
        </div>
      </div>
    </section>
  );
}
