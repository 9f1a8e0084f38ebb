import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { ShiftReportView } from '../../../shared/ipc/commands/staff.js';
import type { CommandArgs, CommandName, IpcResult, StationBridge } from '../../../shared/ipc/contract.js';
import { parseCountedCash } from './counted-input.js';
import { shiftCloseMachine } from './shift-close-machine.js';

const report = (counted: number, kind: 'x' | 'z'): ShiftReportView => ({
  kind,
  shiftId: 'shift-1',
  stationId: 'station-1',
  currency: 'EUR',
  openedBy: { id: 'alex', name: 'Alex', role: 'cashier' },
  openedAt: 1,
  closedBy: kind === 'z' ? { id: 'alex', name: 'Alex', role: 'cashier' } : null,
  asOf: 2,
  orderCount: 2,
  grossSalesMinor: 470,
  discountsMinor: 0,
  taxMinor: 0,
  netSalesMinor: 470,
  cashTakenMinor: 470,
  cardTakenMinor: 0,
  otherTakenMinor: 0,
  tipsMinor: 0,
  changeGivenMinor: 0,
  refundsMinor: 0,
  cashRefundsMinor: 0,
  refundCount: 0,
  voidCount: 0,
  floatMinor: 10_000,
  expectedCashMinor: 10_470,
  countedCashMinor: counted,
  overShortMinor: counted - 10_470,
  note: null,
});

/** Answers shift.preview and shift.close like the core; `closeFails` makes the close refuse once. */
function stubBridge(options: { closeFails?: boolean } = {}) {
  const calls: { command: CommandName; args: unknown }[] = [];
  let closeFails = options.closeFails ?? false;
  const bridge: StationBridge = {
    invoke: (async <K extends CommandName>(command: K, args: CommandArgs<K>): Promise<IpcResult<unknown>> => {
      calls.push({ command, args });
      const counted = (args as { countedMinor: number }).countedMinor;
      if (command === 'shift.preview') return { ok: true, value: report(counted, 'x') };
      if (command === 'shift.close') {
        if (closeFails) {
          closeFails = false;
          return { ok: false, error: { code: 'no_open_shift', message: 'No shift is open on this station' } };
        }
        return { ok: true, value: report(counted, 'z') };
      }
      return { ok: false, error: { code: 'unknown_command', message: command } };
    }) as StationBridge['invoke'],
    on: () => () => {},
  };
  return { bridge, calls };
}

describe('closing a shift', () => {
  it('previews the count, lets the cashier recount, and closes only on confirm', async () => {
    const { bridge, calls } = stubBridge();
    const closed: ShiftReportView[] = [];
    const actor = createActor(shiftCloseMachine.provide({ actions: { shiftClosed: (_, { report }) => void closed.push(report) } }), {
      input: { bridge },
    }).start();
    actor.send({ type: 'REVIEW', countedMinor: 10_000 });
    await waitFor(actor, (s) => s.matches('reviewing'));
    expect(actor.getSnapshot().context.preview).toMatchObject({ expectedCashMinor: 10_470, overShortMinor: -470 });
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('counting');
    actor.send({ type: 'REVIEW', countedMinor: 10_400, note: 'tips jar' });
    await waitFor(actor, (s) => s.matches('reviewing'));
    expect(calls.map((c) => c.command)).toEqual(['shift.preview', 'shift.preview']);
    actor.send({ type: 'CONFIRM' });
    await waitFor(actor, (s) => s.status === 'done');
    expect(calls.at(-1)).toEqual({ command: 'shift.close', args: { countedMinor: 10_400, note: 'tips jar' } });
    expect(closed).toHaveLength(1);
    expect(actor.getSnapshot().context.report).toMatchObject({ kind: 'z', overShortMinor: -70 });
  });

  it('reports a refused close and stays on the review', async () => {
    const { bridge } = stubBridge({ closeFails: true });
    const errors: string[] = [];
    const actor = createActor(shiftCloseMachine.provide({ actions: { reportError: (_, { error }) => void errors.push(error.code) } }), {
      input: { bridge },
    }).start();
    actor.send({ type: 'REVIEW', countedMinor: 10_470 });
    await waitFor(actor, (s) => s.matches('reviewing'));
    actor.send({ type: 'CONFIRM' });
    await waitFor(actor, (s) => s.matches('reviewing') && errors.length === 1);
    expect(errors).toEqual(['no_open_shift']);
  });
});

describe('counted cash input', () => {
  it('accepts an empty drawer as zero and amounts like the tender field', () => {
    expect(parseCountedCash('0', 'EUR')).toEqual({ ok: true, minor: 0 });
    expect(parseCountedCash('0.00', 'EUR')).toEqual({ ok: true, minor: 0 });
    expect(parseCountedCash('103,7', 'EUR')).toEqual({ ok: true, minor: 10_370 });
    expect(parseCountedCash('', 'EUR').ok).toBe(false);
    expect(parseCountedCash('abc', 'EUR').ok).toBe(false);
  });
});
