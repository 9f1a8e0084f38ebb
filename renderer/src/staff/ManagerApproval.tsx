import { createContext, useCallback, useContext, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { IpcResult } from '../../../shared/ipc/contract.js';
import { Modal } from '../cashier/Modal.js';
import { DialogFooter } from '../ui/DialogFooter.js';
import { asksForManagerPin, keepsPromptOpen, pinProblem, type ApprovableCall } from './manager-approval.js';

interface Approver {
  /**
   * Runs `call` without a PIN; when the core asks for a manager's, prompts for it and runs it again
   * with the PIN until it goes through or the person gives up (then the first refusal is answered).
   */
  withManagerPin: <T>(title: string, call: ApprovableCall<T>) => Promise<IpcResult<T>>;
}

interface Prompt {
  title: string;
  message: string;
  submit: (pin: string) => Promise<IpcResult<unknown>>;
  finish: (result: IpcResult<unknown> | undefined) => void;
}

const ApproverContext = createContext<Approver | null>(null);

/**
 * The manager PIN step-up for settings, routing, dead letters and print jobs: the core decides
 * which commands need it (shared/ipc/privileged.ts) and says so with `approval_required`; this asks
 * for the PIN then, every time, and never keeps it.
 */
export function ManagerApprovalProvider({ children }: { children: ReactNode }) {
  const [prompt, setPrompt] = useState<Prompt | null>(null);

  const withManagerPin = useCallback(async <T,>(title: string, call: ApprovableCall<T>): Promise<IpcResult<T>> => {
    const first = await call(undefined);
    if (!asksForManagerPin(first)) return first;
    const message = first.ok ? '' : first.error.message;
    const outcome = await new Promise<IpcResult<unknown> | undefined>((finish) =>
      setPrompt({ title, message, submit: (pin) => call(pin), finish }),
    );
    setPrompt(null);
    return (outcome as IpcResult<T> | undefined) ?? first;
  }, []);

  const approver = useMemo(() => ({ withManagerPin }), [withManagerPin]);
  return (
    <ApproverContext.Provider value={approver}>
      {children}
      {prompt && <ManagerPinDialog prompt={prompt} />}
    </ApproverContext.Provider>
  );
}

export function useManagerApproval(): Approver {
  const approver = useContext(ApproverContext);
  if (!approver) throw new Error('useManagerApproval needs a ManagerApprovalProvider above it');
  return approver;
}

function ManagerPinDialog({ prompt }: { prompt: Prompt }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const done = useRef(false);
  const finish = (result: IpcResult<unknown> | undefined) => {
    if (done.current) return;
    done.current = true;
    prompt.finish(result);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = pinProblem(pin);
    if (problem) return setError(problem);
    setBusy(true);
    try {
      const result = await prompt.submit(pin);
      if (keepsPromptOpen(result)) {
        setPin('');
        setError(result.ok ? null : result.error.message);
        return;
      }
      finish(result);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={prompt.title} onClose={() => finish(undefined)} className="manager-pin-dialog">
      <form onSubmit={(event) => void submit(event)}>
        <p>{prompt.message}</p>
        <label>
          <span>Manager PIN</span>
          <input
            data-autofocus
            aria-label="Manager PIN"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(event) => setPin(event.target.value)}
          />
        </label>
        <DialogFooter
          error={error}
          dismissLabel="Cancel"
          submitLabel="Approve"
          tone="primary"
          busy={busy}
          onDismiss={() => finish(undefined)}
        />
      </form>
    </Modal>
  );
}
