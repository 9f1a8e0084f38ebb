import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { DomainEvent, parseEvent, type Actor } from '../../shared/events.js';
import { decodeHlc, encodeHlc, HLC_ZERO, tickHlc, type Hlc } from '../../shared/hlc.js';
import { uuidv7 } from '../../shared/ids.js';
import { foldOrder, versionVectorOf } from '../../shared/order-fold.js';
import type { OrderView } from '../../shared/order-view.js';
import type { CreateChannelOrder } from '../../shared/sync/channel.js';
import { intColumn } from '../db/columns.js';
import type { Database, SqlExecutor } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import type { StorePrincipal } from '../auth/credentials.js';
import { appendEvents, lockHeadRow, type Candidate } from '../sync-service.js';
import type { MenuService } from '../menu/menu-service.js';
import { priceLines } from '../../shared/menu/pricing.js';
import { Channel } from '../../shared/events/envelope.js';

type ChannelPrincipal = Extract<StorePrincipal, { kind: 'channel' }>;

export interface IngressReply {
  status: number;
  body: unknown;
  /** True when the answer was stored under the idempotency key by an earlier request. */
  replayed: boolean;
}

export type ChannelCommand = { kind: 'cancel'; reason: string } | { kind: 'note'; note: string };

/**
 * Event types the channel commands turn into. They are checked against the shared catalogue at run
 * time: a type this build cannot record is answered 501 with nothing stored (see `buildEvent`).
 */
const COMMAND_EVENTS = {
  cancel: { type: 'OrderCancelRequested', v: 1 },
  note: { type: 'OrderNoteSet', v: 1 },
} as const;

const random = (length: number): Uint8Array => new Uint8Array(randomBytes(length));

/** Thrown inside the idempotent transaction to roll it back and answer without storing the key. */
class Refusal extends Error {
  constructor(readonly error: HttpError) {
    super(error.message);
  }
}

/**
 * Web and mobile orders: turned into domain events with the channel as their origin and appended
 * through the same per-origin gate as station pushes. Every command runs in one transaction with
 * its idempotency key, so a retried request can never create a second order.
 */
export class ChannelIngress {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly menu: Pick<MenuService, 'pricingInputs'>,
  ) {}

  createOrder(principal: ChannelPrincipal, key: string, request: CreateChannelOrder): Promise<IngressReply> {
    return this.idempotent(principal, key, { route: 'orders.create', request }, async (tx, now) => {
      const inputs = await this.menu.pricingInputs(tx, principal.storeId);
      if (inputs === undefined) throw new Refusal(new HttpError(409, 'no_menu', `store "${principal.storeId}" has no published menu yet`));
      const priced = priceLines({ ...inputs, channel: Channel.parse(principal.channel) }, request.lines);
      if (!priced.ok) {
        const { kind, code, field, itemId, message } = priced.refusal;
        throw new Refusal(new HttpError(kind === 'unavailable' ? 409 : 422, code, `${field}: ${message}`, {}, { field, itemId }));
      }
      const orderId = uuidv7(now, random);
      const ticketNumber = await nextTicketNumber(tx, principal.storeId, principal.origin);
      const { customerName, note } = request;
      const drafts: Draft[] = [
        {
          type: 'OrderOpened',
          v: 2,
          payload: {
            channel: principal.channel,
            orderType: request.orderType,
            currency: inputs.menu.currency,
            ticketNumber,
            channelOrderKey: key,
            ...(customerName === undefined ? {} : { customerName }),
          },
        },
        ...priced.lines.map((line) => ({ type: 'LineAdded', v: 2, payload: { lineId: uuidv7(now, random), ...line } })),
        ...(note === undefined ? [] : [{ type: 'OrderNoteSet', v: 1, payload: { note } }]),
        { type: 'OrderPlaced', v: 1, payload: {} },
      ];
      const events = await this.append(tx, principal, orderId, [], drafts, now);
      const order = foldOrder(events);
      if (order === undefined) throw new Error(`order ${orderId} did not fold after its opening`);
      return { status: 201, body: { order } };
    });
  }

  command(principal: ChannelPrincipal, key: string, orderId: string, command: ChannelCommand): Promise<IngressReply> {
    return this.idempotent(principal, key, { route: `orders.${command.kind}`, orderId, command }, async (tx, now) => {
      const existing = await orderEvents(tx, principal.storeId, orderId);
      const before = foldOrder(existing);
      if (before === undefined || before.openedBy !== principal.origin) throw new Refusal(orderNotFound(orderId));
      const { type, v } = COMMAND_EVENTS[command.kind];
      const payload = command.kind === 'cancel' ? { reason: command.reason } : { note: command.note };
      const events = await this.append(tx, principal, orderId, existing, [{ type, v, payload }], now);
      const order = foldOrder(events);
      if (order === undefined) throw new Error(`order ${orderId} stopped folding`);
      return { status: 200, body: { order } };
    });
  }

  /** A channel sees only the orders it opened; a station sees every order of its store. */
  async getOrder(principal: StorePrincipal, orderId: string): Promise<OrderView> {
    const order = foldOrder(await orderEvents(this.db, principal.storeId, orderId));
    if (order === undefined || (principal.kind === 'channel' && order.openedBy !== principal.origin)) throw orderNotFound(orderId);
    return order;
  }

  private async append(
    tx: SqlExecutor,
    principal: ChannelPrincipal,
    orderId: string,
    existing: DomainEvent[],
    drafts: Draft[],
    now: number,
  ): Promise<DomainEvent[]> {
    const head = await lockHeadRow(tx, principal.storeId, principal.origin, new Date(now).toISOString());
    // The new events must sort after everything their author saw: merge the order's newest clock.
    let hlc: Hlc = head.lastHlc === null ? HLC_ZERO : decodeHlc(head.lastHlc);
    for (const event of existing) if (event.hlc > encodeHlc(hlc)) hlc = decodeHlc(event.hlc);
    const actor: Actor = { kind: 'channel', id: principal.origin };
    const events = [...existing];
    const candidates: Candidate[] = [];
    drafts.forEach((draft, index) => {
      hlc = tickHlc(hlc, now);
      const event = buildEvent(draft, {
        id: uuidv7(now, random),
        orderId,
        origin: principal.origin,
        seq: head.lastSeq + index + 1,
        hlc: encodeHlc(hlc),
        vv: versionVectorOf(events.filter((e) => e.orderId === orderId)),
        actor,
      });
      events.push(event);
      candidates.push({ kind: 'valid', id: event.id, seq: event.seq, event });
    });
    const outcome = await appendEvents(tx, principal.storeId, principal.origin, candidates, new Date(now).toISOString());
    const refused = outcome.results.find((r) => r.status !== 'accepted');
    // The head row is locked and every seq was computed from it: anything but accepted is a bug.
    if (refused) throw new Error(`channel event not accepted by the gate: ${JSON.stringify(refused)}`);
    return events;
  }

  private async idempotent(
    principal: ChannelPrincipal,
    key: string,
    request: unknown,
    work: (tx: SqlExecutor, now: number) => Promise<{ status: number; body: unknown }>,
  ): Promise<IngressReply> {
    const hash = createHash('sha256').update(canonicalJson(request)).digest('base64url');
    try {
      return await this.db.transaction(async (tx) => {
        const now = this.clock.now();
        const principalKey = `${principal.kind}:${principal.origin}`;
        // A concurrent request with the same key waits here until the first one commits or rolls back.
        const inserted = await tx.query(
          `INSERT INTO idempotency_keys (store_id, principal, key, request_hash, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (store_id, principal, key) DO NOTHING RETURNING key`,
          [principal.storeId, principalKey, key, hash, new Date(now).toISOString()],
        );
        if (inserted.length === 0) {
          const [stored] = await tx.query(
            'SELECT request_hash, status_code, response FROM idempotency_keys WHERE store_id = $1 AND principal = $2 AND key = $3',
            [principal.storeId, principalKey, key],
          );
          if (stored === undefined) throw new Error('idempotency key vanished after a conflict');
          if (stored['request_hash'] !== hash) {
            throw new Refusal(
              new HttpError(422, 'idempotency_key_reused', `Idempotency-Key "${key}" was already used for a different request`),
            );
          }
          return { status: intColumn(stored, 'status_code'), body: stored['response'], replayed: true };
        }
        const result = await work(tx, now);
        await tx.query(
          'UPDATE idempotency_keys SET status_code = $4, response = $5::text::jsonb WHERE store_id = $1 AND principal = $2 AND key = $3',
          [principal.storeId, principalKey, key, result.status, JSON.stringify(result.body)],
        );
        return { ...result, replayed: false };
      });
    } catch (error) {
      // Refusals roll the key back too: the client may fix the request and retry with the same key.
      if (error instanceof Refusal) throw error.error;
      throw error;
    }
  }

  /** Drops keys older than `maxAgeMs`; retries come within minutes, not days. */
  async expireKeys(maxAgeMs: number): Promise<number> {
    const rows = await this.db.query('DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING key', [
      new Date(this.clock.now() - maxAgeMs).toISOString(),
    ]);
    return rows.length;
  }
}

interface Draft {
  type: string;
  v: number;
  payload: unknown;
}

/** Validated by the shared schema like every pushed event; an unknown type means "not yet". */
function buildEvent(draft: Draft, envelope: Omit<DomainEvent, 'type' | 'v' | 'payload'>): DomainEvent {
  const parsed = parseEvent({ ...envelope, ...draft });
  if (parsed.ok) return parsed.event;
  if (parsed.error.code === 'unsupported_event') {
    throw new Refusal(
      new HttpError(
        501,
        'event_type_unavailable',
        `this server cannot record ${draft.type} v${draft.v} events (${parsed.error.message}); nothing was stored`,
      ),
    );
  }
  throw new Refusal(new HttpError(422, 'invalid_order', parsed.error.message));
}

async function orderEvents(db: SqlExecutor, storeId: string, orderId: string): Promise<DomainEvent[]> {
  const rows = await db.query('SELECT body FROM events WHERE store_id = $1 AND order_id = $2 ORDER BY server_seq', [storeId, orderId]);
  return rows.map((row) => DomainEvent.parse(row['body']));
}

async function nextTicketNumber(tx: SqlExecutor, storeId: string, origin: string): Promise<number> {
  const [row] = await tx.query(
    `INSERT INTO ticket_numbers (store_id, origin, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (store_id, origin) DO UPDATE SET last_number = ticket_numbers.last_number % 9999 + 1
     RETURNING last_number`,
    [storeId, origin],
  );
  if (row === undefined) throw new Error('ticket number upsert returned no row');
  return intColumn(row, 'last_number');
}

function orderNotFound(orderId: string): HttpError {
  return new HttpError(404, 'order_not_found', `no order ${orderId} for this caller in this store`);
}

/** Key order must not matter: `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
