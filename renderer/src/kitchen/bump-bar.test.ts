import { describe, expect, it } from 'vitest';
import { bumpBarEffects, isBumpBarKey, type BumpBarEffect } from './bump-bar.js';
import type { KdsLine, KdsTicket } from './kds-model.js';

function line(lineId: string, done = false): KdsLine {
  return { lineId, name: lineId, quantity: 1, modifiers: [], voided: false, done };
}

function ticket(key: string, fields: Partial<KdsTicket> = {}): KdsTicket {
  return {
    key,
    orderId: 'o-1',
    ticketId: key,
    ticketNumber: 1,
    station: 'grill',
    status: 'queued',
    channel: 'counter',
    orderType: 'takeout',
    orderStatus: 'paid',
    firedAt: '0',
    firedAtMs: 0,
    changedAt: '0',
    lines: [line(`${key}-a`)],
    flashCancelled: false,
    ...fields,
  };
}

/** A compact reading of effects: "act:ticket.bump:t1", "line:t1:t1-b", "focus:2", "recall". */
function read(effects: BumpBarEffect[]): string[] {
  return effects.map((e) =>
    e.type === 'act'
      ? `act:${e.command}:${e.ticket.key}`
      : e.type === 'toggleLine'
        ? `line:${e.ticket.key}:${e.line.lineId}`
        : e.type === 'focus'
          ? `focus:${e.index}`
          : 'recall',
  );
}

describe('bump bar', () => {
  const queued = ticket('t1');
  const cooking = ticket('t2', { status: 'in_progress', lines: [line('t2-a', true), line('t2-b')] });
  const cancelled = ticket('t3', { status: 'cancel_pending', flashCancelled: true });
  const card = [queued, cooking, cancelled];
  const at = (index: number) => (index === 0 ? card : []);

  it('bumps every ticket of the card, acknowledging a cancelled one instead', () => {
    expect(read(bumpBarEffects({ type: 'bump', index: 0 }, at, []))).toEqual([
      'act:ticket.bump:t1',
      'act:ticket.bump:t2',
      'act:ticket.acknowledgeCancel:t3',
    ]);
  });

  it('bumps nothing on a card that may not be bumped yet (expo waiting for a station), still acknowledging', () => {
    const notYet = () => false;
    expect(read(bumpBarEffects({ type: 'bump', index: 0 }, at, [], notYet))).toEqual(['act:ticket.acknowledgeCancel:t3']);
    expect(read(bumpBarEffects({ type: 'bump', index: 0 }, () => [queued, cooking], [], notYet))).toEqual([]);
  });

  it('starts only what can start and readies only what is cooking', () => {
    expect(read(bumpBarEffects({ type: 'start', index: 0 }, at, []))).toEqual(['act:ticket.start:t1', 'act:ticket.acknowledgeCancel:t3']);
    expect(read(bumpBarEffects({ type: 'ready', index: 0 }, at, []))).toEqual(['act:ticket.ready:t2', 'act:ticket.acknowledgeCancel:t3']);
  });

  it('ticks off the next undone item of the first ticket that has one', () => {
    const allDone = ticket('t0', { status: 'in_progress', lines: [line('t0-a', true)] });
    expect(read(bumpBarEffects({ type: 'itemDone', index: 0 }, () => [allDone, cancelled, cooking], []))).toEqual(['line:t2:t2-b']);
    expect(bumpBarEffects({ type: 'itemDone', index: 1 }, at, [])).toEqual([]);
  });

  it('recalls the most recently bumped ticket, focuses and toggles the recall list', () => {
    const bumped = ticket('t9', { status: 'bumped' });
    expect(read(bumpBarEffects({ type: 'recallLast' }, at, [bumped]))).toEqual(['act:ticket.recall:t9']);
    expect(bumpBarEffects({ type: 'recallLast' }, at, [])).toEqual([]);
    expect(read(bumpBarEffects({ type: 'focus', index: 2 }, at, []))).toEqual(['focus:2']);
    expect(read(bumpBarEffects({ type: 'toggleRecall' }, at, []))).toEqual(['recall']);
    expect(bumpBarEffects({ type: 'none' }, at, [])).toEqual([]);
  });

  it("ignores typing in forms, a focused button's own Enter or Space, and shortcuts with modifiers", () => {
    const press = { key: 'Enter', ctrlKey: false, metaKey: false, altKey: false, inForm: false, onButton: false };
    expect(isBumpBarKey(press)).toBe(true);
    expect(isBumpBarKey({ ...press, inForm: true })).toBe(false);
    expect(isBumpBarKey({ ...press, onButton: true })).toBe(false);
    expect(isBumpBarKey({ ...press, key: 's', onButton: true })).toBe(true);
    expect(isBumpBarKey({ ...press, key: 'r', ctrlKey: true })).toBe(false);
  });
});
