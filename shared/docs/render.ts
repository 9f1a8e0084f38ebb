import { RULE_EXAMPLES } from '../arbiter/examples.js';
import { ARBITER_RULES } from '../arbiter/rules.js';
import { EVENT_CATALOGUE, EVENT_TYPES, type CurrentEvent } from '../events.js';
import { GUARD_TEXT, MACHINES, TRANSITIONS, type TransitionRow } from '../machines/index.js';
import { foldOrder } from '../order-fold.js';
import { Scenario } from '../scenario.js';
import { saw } from '../version-vector.js';

/**
 * The generated docs pages, as strings. A test regenerates them and compares with `docs/`, so a
 * machine, a rule or an event cannot change without its page changing in the same commit.
 */
const HEADER = (source: string) =>
  `<!-- Generated from ${source}. Do not edit: run \`UPDATE_DOCS=1 npx vitest run shared/docs\` to regenerate. -->\n`;

const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|');

function mermaid(name: string, rows: readonly TransitionRow[], initial: string): string {
  const lines = ['```mermaid', 'stateDiagram-v2', `  [*] --> ${initial}`];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.from === row.to) continue;
    const label = row.guard ? `${row.event} [${row.guard}]` : row.event;
    const edge = `  ${row.from} --> ${row.to}: ${label}`;
    if (!seen.has(edge)) lines.push(edge);
    seen.add(edge);
  }
  lines.push('```');
  return `${lines.join('\n')}\n\n_${name}: self-transitions (event accepted, state unchanged) are listed in the table only._\n`;
}

function table(rows: readonly TransitionRow[]): string {
  const out = ['| from | event | guard | to | note |', '|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${r.from} | ${r.event} | ${cell(r.guard)} | ${r.to} | ${cell(r.description)} |`);
  return `${out.join('\n')}\n`;
}

export function renderLifecycleDoc(): string {
  const parts = [
    HEADER('shared/machines (XState definitions)'),
    '# Order, ticket and payment lifecycles\n',
    'These tables are read from the XState machine definitions in `shared/machines/`; the fold, the station core and the',
    'renderer all step the same definitions. Guards are evaluated in the order listed: the first enabled row wins. An',
    'event with no enabled row is illegal in that state and goes to the arbiter (see `arbiter-rules.md`). Events named',
    '`arbiter.*` are sent only by arbiter resolutions.\n',
    '## Guards\n',
    '| guard | requires |',
    '|---|---|',
    ...Object.entries(GUARD_TEXT).map(([g, text]) => `| ${g} | ${text} |`),
    '',
  ];
  for (const name of ['order', 'ticket', 'payment'] as const) {
    const machine = MACHINES[name];
    const descriptions = Object.entries(machine.root.states as Record<string, { description?: string | undefined }>)
      .map(([key, node]) => `- \`${key}\`${node.description ? `: ${node.description}` : ''}`)
      .join('\n');
    parts.push(
      `## ${name[0]!.toUpperCase()}${name.slice(1)}\n`,
      descriptions,
      '',
      mermaid(name, TRANSITIONS[name], String(machine.config.initial as string)),
      table(TRANSITIONS[name]),
    );
  }
  return `${parts.join('\n')}`;
}

function describeEvent(e: CurrentEvent): string {
  const p = e.payload as Record<string, unknown>;
  switch (e.type) {
    case 'LineAdded':
      return `${e.payload.quantity} × ${e.payload.name} at ${e.payload.unitPriceMinor}`;
    case 'LineChanged':
      return `quantity ${e.payload.quantity ?? '-'}`;
    case 'PaymentCaptured':
      return `${e.payload.method} ${e.payload.amountMinor}`;
    case 'PaymentRefunded':
      return `${e.payload.amountMinor}`;
    case 'OrderOpened':
      return e.payload.channelOrderKey ? `key ${e.payload.channelOrderKey}` : e.payload.channel;
    case 'TicketFired':
      return `${e.payload.station}, ${e.payload.lineIds.length} line(s)`;
    default:
      return typeof p['reason'] === 'string' ? String(p['reason']) : '';
  }
}

export function renderArbiterDoc(): string {
  const parts = [
    HEADER('shared/arbiter (ARBITER_RULES, RULE_EXAMPLES)'),
    '# Arbiter rules\n',
    'When an event is illegal where the merge log `(hlc, origin, seq)` puts it, or a legal event conflicts with a concurrent',
    'one, the fold asks the arbiter. The rules below are checked in this order; the first that matches decides, and its',
    'resolution is recorded in `view.conflicts` as `{ rule, eventIds, outcome }` (`eventIds[0]` is the resolved event,',
    'the rest are the events it conflicted with). Concurrency is read from the version vectors: an event "saw" another if',
    'its author had it when writing. Every rule only reads the folded state and the event, so every replica resolves alike.\n',
    'A repeat that restates what the order holds is not a conflict. Kitchen firing is a store-wide decision: a ticket id is',
    'derived from the order, the kitchen station and the lines it carries (`shared/ticket-id.ts`), so two stations that fire',
    'the same order, even while partitioned, write the same ticket. A `TicketFired` with the id, station and lines of one',
    'already folded changes nothing and records nothing, in any merge order and whatever the ticket went through since;',
    'neither does the same firing refused twice. Tickets fired before ids were derived keep their random ids.\n',
    '| # | rule | conflict | resolution | resolves | events |',
    '|---|---|---|---|---|---|',
    ...ARBITER_RULES.map(
      (r, i) =>
        `| ${i + 1} | \`${r.name}\` | ${cell(r.conflict)} | ${cell(r.resolution)} | ${r.on.join(', ')} | ${r.events === 'any' ? 'any' : r.events.join(', ')} |`,
    ),
    '',
    '## Examples\n',
    'Each example is folded by `shared/arbiter/rules.test.ts`; the outcome shown is what the fold records.\n',
  ];
  for (const rule of ARBITER_RULES) {
    const example = RULE_EXAMPLES[rule.name];
    const sc = new Scenario();
    example.build(sc);
    const view = foldOrder(sc.events);
    const index = new Map(sc.events.map((e, i) => [e, i + 1]));
    const steps = sc.events.map((e, i) => {
      const unseen = sc.events.slice(0, i).filter((x) => x.origin !== e.origin && !saw(e, x));
      const note = unseen.length > 0 ? ` — had not seen ${unseen.map((x) => `#${index.get(x)}`).join(', ')}` : '';
      const what = describeEvent(e);
      return `${i + 1}. \`${e.origin}\` ${e.type}${what ? ` (${what})` : ''}${note}`;
    });
    const hit = view?.conflicts.find((c) => c.rule === rule.name);
    parts.push(
      `### \`${rule.name}\`\n`,
      example.story,
      '',
      ...steps,
      '',
      `Recorded: **${hit?.outcome ?? '(no conflict: the example is broken)'}**; order status \`${view?.status ?? '-'}\`.\n`,
    );
  }
  return parts.join('\n');
}

export function renderEventsDoc(): string {
  const parts = [
    HEADER('shared/events (EVENT_CATALOGUE)'),
    '# Domain event catalogue\n',
    'Every event carries the envelope `id` (UUIDv7), `orderId`, `origin`, `seq` (per origin, gapless), `hlc`, `vv`',
    '(version vector of the order as the author saw it), `actor`, `type`, `v` and `payload`. Logs keep each event at the',
    'version it was written; readers upcast on read (`upcastEvent`, `EventFromWire`). An unknown type or a version newer',
    'than this build is refused as `unsupported_event` naming `type` or `v`; a schema violation as `invalid_event` naming',
    'the field; an HLC beyond the drift bound as `clock_skew` naming `hlc`.\n',
    '| type | current | older versions (upcast on read) | payload fields (current) |',
    '|---|---|---|---|',
  ];
  for (const type of EVENT_TYPES) {
    const entry = EVENT_CATALOGUE[type];
    const current = entry.versions[entry.versions.length - 1] as unknown as {
      shape: {
        payload: {
          shape?: Record<string, { safeParse(v: unknown): { success: boolean } }>;
          def?: { in?: { shape: Record<string, unknown> } };
        };
      };
    };
    const payload = current.shape.payload;
    const shape = (payload.shape ?? payload.def?.in?.shape ?? {}) as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    const fields = Object.entries(shape)
      .map(([k, schema]) => (schema.safeParse(undefined).success ? `${k}?` : k))
      .join(', ');
    const older =
      entry.versions.length > 1
        ? entry.versions
            .slice(0, -1)
            .map((_, i) => `v${i + 1} → v${i + 2}`)
            .join(', ')
        : '';
    parts.push(`| ${type} | v${entry.versions.length} | ${older} | ${fields || '(none)'} |`);
  }
  return `${parts.join('\n')}\n`;
}

export const DOC_PAGES: Readonly<Record<string, () => string>> = {
  'order-lifecycle.md': renderLifecycleDoc,
  'arbiter-rules.md': renderArbiterDoc,
  'domain-events.md': renderEventsDoc,
};
