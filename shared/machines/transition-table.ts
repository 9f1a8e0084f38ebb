import type { AnyStateMachine } from 'xstate';

/** One row of a machine's transition table: from `from`, on `event`, if `guard` holds, go to `to`. */
export interface TransitionRow {
  from: string;
  event: string;
  guard: string | undefined;
  to: string;
  description: string | undefined;
}

/**
 * Reads the transitions out of an XState machine definition, in declaration order (guard order
 * matters: the first enabled one wins). Only named guards are allowed, so every guard is
 * documented and the compiled step below can call the same implementation.
 */
export function transitionTable(machine: AnyStateMachine): TransitionRow[] {
  const rows: TransitionRow[] = [];
  for (const [from, node] of Object.entries(machine.root.states)) {
    for (const [event, definitions] of node.transitions) {
      for (const d of definitions) {
        const guard = d.guard;
        if (guard !== undefined && typeof guard !== 'string') throw new Error(`${machine.id}.${from} on ${event}: use a named guard`);
        const target = d.target?.[0]?.key;
        if (target === undefined) throw new Error(`${machine.id}.${from} on ${event}: legal transitions name a target`);
        rows.push({ from, event, guard, to: target, description: d.description });
      }
    }
  }
  return rows;
}

type Guard<E> = (args: { event: E }) => boolean;

/**
 * The fold's pure step over the same definition: a table lookup and the machine's own guard
 * functions, about a hundred times faster than `xstate.transition` (which also builds snapshots and
 * action lists the fold never uses). Returns undefined when no transition is enabled: the event is
 * illegal in that state. A property test checks it agrees with XState on random inputs.
 */
export function compileMachine<S extends string, E extends { type: string }>(
  machine: AnyStateMachine,
  guards: Readonly<Record<string, Guard<E>>>,
): (state: S, event: E) => S | undefined {
  const table = new Map<string, { guard: Guard<E> | undefined; to: S }[]>();
  for (const row of transitionTable(machine)) {
    const guard = row.guard === undefined ? undefined : guards[row.guard];
    if (row.guard !== undefined && !guard) throw new Error(`${machine.id}: guard ${row.guard} has no implementation`);
    const key = `${row.from}\u0000${row.event}`;
    const list = table.get(key) ?? [];
    list.push({ guard, to: row.to as S });
    table.set(key, list);
  }
  return (state, event) => {
    const candidates = table.get(`${state}\u0000${event.type}`);
    if (!candidates) return undefined;
    for (const c of candidates) if (!c.guard || c.guard({ event })) return c.to;
    return undefined;
  };
}
