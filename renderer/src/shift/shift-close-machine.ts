import { assign, fromPromise, setup } from 'xstate';
import type { ShiftPreviewView, ShiftReportView } from '../../../shared/ipc/commands/staff.js';
import type { IpcError, IpcResult, StationBridge } from '../../../shared/ipc/contract.js';

interface CloseContext {
  bridge: StationBridge;
  countedMinor: number;
  note: string | undefined;
  /** What closing with this count would report (expected cash, over/short) and the work still open, before anything is final. */
  preview: ShiftPreviewView | null;
  /** The Z report the shift closed with. */
  report: ShiftReportView | null;
}

type CloseEvent = { type: 'REVIEW'; countedMinor: number; note?: string | undefined } | { type: 'CONFIRM' } | { type: 'BACK' };

const invokeShift = fromPromise(
  async ({
    input,
  }: {
    input: { bridge: StationBridge; command: 'shift.preview' | 'shift.close'; countedMinor: number; note: string | undefined };
  }) => {
    const { bridge, command, countedMinor, note } = input;
    return command === 'shift.preview'
      ? bridge.invoke('shift.preview', { countedMinor })
      : bridge.invoke('shift.close', { countedMinor, ...(note !== undefined ? { note } : {}) });
  },
);

const failed = (output: IpcResult<ShiftReportView>): IpcError | undefined => (output.ok ? undefined : output.error);
const valueOf = <T extends ShiftReportView>(output: IpcResult<T>): T | null => (output.ok ? output.value : null);

/**
 * Closing a shift: the cashier counts the drawer, sees expected vs counted and the over/short the
 * core computes, then confirms (or goes back to recount). Only the confirm closes the shift; its
 * answer is the Z report, which the panel shows and the core prints.
 */
export const shiftCloseMachine = setup({
  types: {
    context: {} as CloseContext,
    input: {} as { bridge: StationBridge },
    events: {} as CloseEvent,
  },
  actions: {
    reportError: (_, _params: { error: IpcError }) => {},
    clearError: () => {},
    /** The shift closed: the window drops its open-shift state. */
    shiftClosed: (_, _params: { report: ShiftReportView }) => {},
  },
  actors: { invokeShift },
}).createMachine({
  id: 'shiftClose',
  context: ({ input }) => ({ bridge: input.bridge, countedMinor: 0, note: undefined, preview: null, report: null }),
  initial: 'counting',
  states: {
    counting: {
      on: {
        REVIEW: {
          target: 'previewing',
          actions: assign({ countedMinor: ({ event }) => event.countedMinor, note: ({ event }) => event.note }),
        },
      },
    },
    previewing: {
      invoke: {
        src: 'invokeShift',
        input: ({ context }) => ({
          bridge: context.bridge,
          command: 'shift.preview' as const,
          countedMinor: context.countedMinor,
          note: undefined,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'reviewing',
            actions: [assign({ preview: ({ event }) => valueOf(event.output as IpcResult<ShiftPreviewView>) }), 'clearError'],
          },
          { target: 'counting', actions: { type: 'reportError', params: ({ event }) => ({ error: failed(event.output)! }) } },
        ],
        onError: {
          target: 'counting',
          actions: { type: 'reportError', params: ({ event }) => ({ error: { code: 'internal', message: String(event.error) } }) },
        },
      },
    },
    reviewing: {
      on: {
        BACK: { target: 'counting', actions: assign({ preview: null }) },
        CONFIRM: 'closing',
      },
    },
    closing: {
      invoke: {
        src: 'invokeShift',
        input: ({ context }) => ({
          bridge: context.bridge,
          command: 'shift.close' as const,
          countedMinor: context.countedMinor,
          note: context.note,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'closed',
            actions: [
              assign({ report: ({ event }) => valueOf(event.output) }),
              'clearError',
              { type: 'shiftClosed', params: ({ event }) => ({ report: valueOf(event.output)! }) },
            ],
          },
          { target: 'reviewing', actions: { type: 'reportError', params: ({ event }) => ({ error: failed(event.output)! }) } },
        ],
        onError: {
          target: 'reviewing',
          actions: { type: 'reportError', params: ({ event }) => ({ error: { code: 'internal', message: String(event.error) } }) },
        },
      },
    },
    closed: { type: 'final' },
  },
});
