import type { DiscountAmount, DiscountTarget, OrderType } from '../../../shared/events.js';
import { formatMoney } from '../../../shared/money.js';
import type { OrderView } from '../../../shared/order-view.js';
import { fail, type ServiceResult } from './result.js';
import { orderStep, requireLine, requireOrder } from './rules.js';
import type { OrderWriter } from './writer.js';
import { approvedByField, NO_APPROVAL_NEEDED, type ApprovalGate } from '../staff/approvals.js';

export interface LineChange {
  quantity?: number | undefined;
  /** null clears the note. */
  note?: string | null | undefined;
}

/** After payment the paid amount stands: a cashier gives money back with a refund, not an edit. */
const PAID_HINT: Partial<Record<OrderView['status'], string>> = {
  paid: '; give money back with a refund instead',
  completed: '; give money back with a refund instead',
};

function editStep(view: OrderView, type: 'LineChanged' | 'LineVoided' | 'DiscountApplied' | 'DiscountRemoved', action: string) {
  const step = orderStep(view, type, action);
  if (step.ok) return step;
  return fail('invalid_state', `${step.error.message}${PAID_HINT[view.status] ?? ''}`);
}

/** Edits to lines, discounts, the note and the order type: only what the order machine allows now. */
export class EditService {
  constructor(
    private readonly writer: OrderWriter,
    private readonly approvals: ApprovalGate = NO_APPROVAL_NEEDED,
  ) {}

  /**
   * Voids a line, fired or not: the fold strikes it through on the KDS and records waste if the
   * kitchen already started. A fired line needs a manager's approval where staff are configured
   * (`managerPin`, or a manager signed in); `approvedBy` is the free-text name stations without staff
   * record. Either way the approver goes into the event's `approvedBy`, the reason stays as typed.
   */
  voidLine(orderId: string, lineId: string, reason: string, approvedBy?: string, managerPin?: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      const target = requireLine(view, lineId);
      if (!target.ok) return target;
      const step = editStep(view, 'LineVoided', `void ${target.line.name}`);
      if (!step.ok) return step;
      // A typed-in name counts only where nobody signs in; with staff, only a verified manager approves.
      let approver = this.approvals.enforced ? undefined : approvedBy;
      if (target.line.ticketId !== undefined) {
        const approval = this.approvals.approve(`void ${target.line.name} after it went to the kitchen`, managerPin);
        if (!approval.ok) return approval;
        approver = approval.approvedBy ?? approver;
      }
      return { ok: true, events: [{ type: 'LineVoided', v: 1, payload: { lineId, reason, ...approvedByField(approver) } }] };
    });
  }

  changeLine(orderId: string, lineId: string, change: LineChange): ServiceResult<OrderView> {
    if (change.quantity === undefined && change.note === undefined) return fail('bad_request', 'Change the quantity or the note');
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      const target = requireLine(view, lineId);
      if (!target.ok) return target;
      const { line } = target;
      const step = editStep(view, 'LineChanged', `change ${line.name}`);
      if (!step.ok) return step;
      // The fold ignores changes to fired lines (the kitchen cannot un-make food): refuse up front.
      if (line.ticketId !== undefined) {
        return fail('invalid_state', `${line.name} already went to the kitchen: void it and add a new line`);
      }
      const payload = {
        lineId,
        ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
        ...(change.note !== undefined ? { note: change.note } : {}),
      };
      return { ok: true, events: [{ type: 'LineChanged', v: 1, payload }] };
    });
  }

  applyDiscount(orderId: string, target: DiscountTarget, amount: DiscountAmount, reason: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      let baseMinor = view.subtotalMinor;
      if (target.kind === 'line') {
        const line = requireLine(view, target.lineId);
        if (!line.ok) return line;
        baseMinor = line.line.totalMinor;
      } else if (view.lines.length === 0) {
        return fail('invalid_state', 'Add at least one item before giving a discount');
      }
      const step = editStep(view, 'DiscountApplied', `give a discount`);
      if (!step.ok) return step;
      // The fold would cap it silently; a fixed amount above the price is almost always a typo.
      if (amount.kind === 'fixed' && amount.amountMinor > baseMinor) {
        return fail(
          'invalid_state',
          `A discount of ${formatMoney(amount.amountMinor, view.currency)} is more than the ${formatMoney(baseMinor, view.currency)} it applies to`,
        );
      }
      return {
        ok: true,
        events: [{ type: 'DiscountApplied', v: 1, payload: { discountId: this.writer.newId(), target, amount, reason } }],
      };
    });
  }

  removeDiscount(orderId: string, discountId: string, reason?: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      if (!view.discounts.some((d) => d.discountId === discountId)) {
        return fail('not_found', `That discount is no longer on order #${view.ticketNumber}: it was removed a moment ago`);
      }
      const step = editStep(view, 'DiscountRemoved', `remove a discount`);
      if (!step.ok) return step;
      return {
        ok: true,
        events: [{ type: 'DiscountRemoved', v: 1, payload: { discountId, ...(reason !== undefined ? { reason } : {}) } }],
      };
    });
  }

  /** An empty note clears it (the fold treats "" as no note). */
  setNote(orderId: string, note: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const step = orderStep(order.view, 'OrderNoteSet', 'set the note');
      return step.ok ? { ok: true, events: [{ type: 'OrderNoteSet', v: 1, payload: { note } }] } : step;
    });
  }

  setType(orderId: string, orderType: OrderType): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const step = orderStep(order.view, 'OrderTypeChanged', 'change the order type');
      return step.ok ? { ok: true, events: [{ type: 'OrderTypeChanged', v: 1, payload: { orderType } }] } : step;
    });
  }

  /**
   * Table and guest name: per field, undefined leaves it, null clears it. Allowed wherever the order
   * type may change (the fold applies OrderGuestSet under the same lifecycle step).
   */
  setGuest(
    orderId: string,
    guest: { tableNumber?: string | null | undefined; customerName?: string | null | undefined },
  ): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const step = orderStep(order.view, 'OrderTypeChanged', 'change the table or guest name');
      if (!step.ok) return step;
      const payload = {
        ...(guest.tableNumber !== undefined ? { tableNumber: guest.tableNumber } : {}),
        ...(guest.customerName !== undefined ? { customerName: guest.customerName } : {}),
      };
      if (payload.tableNumber === undefined && payload.customerName === undefined)
        return fail('bad_request', 'Set a table number or a guest name');
      return { ok: true, events: [{ type: 'OrderGuestSet', v: 1, payload }] };
    });
  }
}
