import type { z } from 'zod';
import type { LineAdded, OrderOpened, PaymentCaptured } from './current.js';
import type { LineAddedV1, OrderOpenedV1, PaymentCapturedV1 } from './legacy.js';

type Out<S extends z.ZodType> = z.output<S>;

/**
 * One step per superseded version, vN → vN+1. Each is pure and total: it only adds what the new
 * version knows and the old one implied, so every replica upcasts the same stored bytes identically.
 */
export function orderOpenedV1toV2(e: Out<typeof OrderOpenedV1>): Out<typeof OrderOpened> {
  return { ...e, v: 2 };
}

/** A v1 price was final as rung up: it becomes a tax-included line at rate 0, so totals do not move. */
export function lineAddedV1toV2(e: Out<typeof LineAddedV1>): Out<typeof LineAdded> {
  return { ...e, v: 2, payload: { ...e.payload, modifiers: [], tax: { ratePpm: 0, included: true } } };
}

/** v1 knew only cash, without tips or rounding. */
export function paymentCapturedV1toV2(e: Out<typeof PaymentCapturedV1>): Out<typeof PaymentCaptured> {
  const { paymentId, amountMinor, tenderedMinor, changeMinor } = e.payload;
  return { ...e, v: 2, payload: { paymentId, method: 'cash', amountMinor, tipMinor: 0, tenderedMinor, changeMinor, roundingMinor: 0 } };
}
