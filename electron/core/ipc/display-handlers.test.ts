import { describe, expect, it } from 'vitest';
import { CustomerFacing, createDisplayHandlers } from './display-handlers.js';

const context = { role: 'cashier', requestId: 'r1' } as const;

describe('customer-facing relay', () => {
  it('tells the displays which order the cashier shows, once per change', async () => {
    const known = new Set(['order-1', 'order-2']);
    const display = new CustomerFacing((id) => known.has(id));
    const heard: (string | null)[] = [];
    display.onChange((view) => heard.push(view.orderId));
    const handlers = createDisplayHandlers(display);

    expect(await handlers['display.current']({}, { ...context, role: 'customer' })).toEqual({ ok: true, value: { orderId: null } });
    expect(await handlers['display.show']({ orderId: 'order-1' }, context)).toEqual({ ok: true, value: { orderId: 'order-1' } });
    await handlers['display.show']({ orderId: 'order-1' }, context);
    await handlers['display.show']({ orderId: 'order-2' }, context);
    await handlers['display.show']({ orderId: null }, context);
    expect(heard).toEqual(['order-1', 'order-2', null]);
    expect(display.current()).toEqual({ orderId: null });
  });

  it('refuses an order this station does not have, keeping what it showed', async () => {
    const display = new CustomerFacing((id) => id === 'order-1');
    display.show('order-1');
    const result = await createDisplayHandlers(display)['display.show']({ orderId: 'order-9' }, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(display.current()).toEqual({ orderId: 'order-1' });
  });
});
