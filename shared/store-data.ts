import { z } from 'zod';
import { OriginId } from './events/envelope.js';
import { HLC_PATTERN } from './hlc.js';
import { KitchenRouting } from './ipc/commands/kitchen.js';
import { MenuAvailability } from './menu/availability.js';
import { formatIssuePath, MenuDocument } from './menu/menu.js';
import { StaffDocument } from './menu/staff.js';
import { OfflineLimits } from './payments/offline-limits.js';

/**
 * Store data: what a store decides once for all its stations (kitchen routing, the menu,
 * availability and staff next), replicated like events rather than kept as per-station config.
 * Each kind is one last-writer-wins register: the document with the greatest (hlc, author) wins on
 * every replica, whatever order the documents arrive in, so the server, the stations and their
 * peers converge on the same one without talking to each other first.
 *
 * A kind is added by giving its body schema here; everything else (tables, routes, frames) is generic.
 */
export const STORE_DATA_BODIES = {
  'kitchen-routing': KitchenRouting,
  /** The published menu (one version; see shared/menu/menu.ts). */
  menu: MenuDocument,
  /** Sold out / count left per item, merged entry by entry (shared/menu/availability.ts). */
  'menu-availability': MenuAvailability,
  /** Staff with PIN hashes set on the server (shared/menu/staff.ts). */
  staff: StaffDocument,
  /** How much the store risks on cards approved while the gateway is down (shared/payments/offline-limits.ts). */
  'offline-card-limits': OfflineLimits,
} as const satisfies Record<string, z.ZodType>;

/**
 * Kinds written on the server only (the admin API), never by a station: a menu publish checks the version
 * it was made over, PINs are hashed there, and the store's card risk is the owner's decision, not a till's.
 */
export const SERVER_ONLY_KINDS: ReadonlySet<string> = new Set(['menu', 'staff', 'offline-card-limits']);

export type StoreDataKind = keyof typeof STORE_DATA_BODIES;
export type StoreDataBody<K extends StoreDataKind> = z.infer<(typeof STORE_DATA_BODIES)[K]>;

export const StoreDataKind = z.enum(Object.keys(STORE_DATA_BODIES) as [StoreDataKind, ...StoreDataKind[]]);

/** A register's position: greater wins. Both parts are needed: two stations can stamp the same hlc. */
export const StoreDataStamp = z.object({ hlc: z.string().regex(HLC_PATTERN, 'hlc: 15 digits, "-", 5 digits'), author: OriginId }).strict();
export type StoreDataStamp = z.infer<typeof StoreDataStamp>;

/**
 * A document as it travels (HTTP, peer frames) and is stored. The kind is any short name here, and
 * the body is unchecked: a replica that does not know a kind, or cannot read a body, keeps that one
 * document out (`checkStoreDocument`) instead of refusing everything that came with it.
 */
export const StoreDocumentWire = StoreDataStamp.extend({
  kind: z.string().min(1).max(40),
  /** Counts the edits seen by the writer (one more than the document it replaced): for people, not for ordering. */
  version: z.int().positive(),
  body: z.unknown(),
}).strict();
export type StoreDocumentWire = z.infer<typeof StoreDocumentWire>;

export type StoreDocument<K extends StoreDataKind = StoreDataKind> = {
  [P in K]: { kind: P; version: number; hlc: string; author: string; body: StoreDataBody<P> };
}[K];

/** Per kind, the stamp of the document a replica holds: what it tells a peer so the peer sends only newer ones. */
export const StoreDataSummary = z.record(z.string().min(1).max(40), StoreDataStamp);
export type StoreDataSummary = z.infer<typeof StoreDataSummary>;

export type StoreDocumentCheck = { ok: true; document: StoreDocument } | { ok: false; reason: string };

/** Whether a document may be applied: a known kind and a body its schema accepts (with the path of the first problem). */
export function checkStoreDocument(wire: StoreDocumentWire): StoreDocumentCheck {
  if (!Object.hasOwn(STORE_DATA_BODIES, wire.kind)) return { ok: false, reason: `unknown store data kind "${wire.kind}"` };
  const kind = wire.kind as StoreDataKind;
  const body = STORE_DATA_BODIES[kind].safeParse(wire.body);
  if (!body.success) {
    const issue = body.error.issues[0];
    const path = issue?.path.length ? formatIssuePath(issue.path) : 'body';
    return { ok: false, reason: `${kind} body does not validate: ${path}: ${issue?.message ?? 'invalid'}` };
  }
  // The body was parsed by this kind's own schema: the pair matches, which the union type cannot see.
  return { ok: true, document: { kind, version: wire.version, hlc: wire.hlc, author: wire.author, body: body.data } as StoreDocument };
}

/** Orders two stamps: by hlc, then by author. Plain string order: both are fixed-form ASCII. */
export function compareStamps(a: StoreDataStamp, b: StoreDataStamp): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.author !== b.author) return a.author < b.author ? -1 : 1;
  return 0;
}

/**
 * The register's merge: `incoming` replaces `held` only when its stamp is greater. The same stamp
 * is the same write (an author never stamps two edits alike, its clock only moves on), so it is
 * a no-op; applying a document twice or in any order ends in the same state.
 */
export function incomingWins(held: StoreDataStamp | undefined, incoming: StoreDataStamp): boolean {
  return held === undefined || compareStamps(incoming, held) > 0;
}

/** The documents of `held` that a replica with `summary` does not have yet: the ones newer than its own per kind. */
export function newerThan<T extends StoreDataStamp & { kind: string }>(held: readonly T[], summary: StoreDataSummary): T[] {
  return held.filter((document) => incomingWins(summary[document.kind], document));
}

/** `PUT /v1/stores/:store/data/:kind`: a document its author wrote; the answer names the one the server holds after it. */
export const StoreDocumentPut = z.object({ won: z.boolean(), current: StoreDocumentWire }).strict();
export type StoreDocumentPut = z.infer<typeof StoreDocumentPut>;

/** `GET /v1/stores/:store/data?after=<cursor>`: the documents that won on the server since that cursor. */
export const StoreDataQuery = z.object({ after: z.coerce.number().int().nonnegative().default(0) }).strict();

export const StoreDataPage = z
  .object({
    documents: z.array(StoreDocumentWire),
    /** Pass it as `after` next time; it only grows while the server's data does. */
    cursor: z.int().nonnegative(),
  })
  .strict();
export type StoreDataPage = z.infer<typeof StoreDataPage>;

/** The author of documents the central server writes itself (menu publishes, back-office changes, staff). */
export const SERVER_AUTHOR = 'server';

/** How far ahead of a replica's clock a document's hlc may be: the HLC drift bound of the store. */
export const STORE_DATA_MAX_LEAD_MS = 5 * 60_000;
