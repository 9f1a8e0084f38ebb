import type { PrintableDocument } from './print-job.js';

/** A printer and the one that takes over when it cannot print. */
export interface PrintRoute {
  printer: string;
  fallback?: string | undefined;
}

export interface PrintRouting {
  receipt: PrintRoute;
  /** Kitchen station (the catalog's kitchenStation) → printer, e.g. { grill: ..., bar: ... }. */
  kitchen?: Readonly<Record<string, PrintRoute>> | undefined;
  /** For tickets whose station has no route of its own. */
  kitchenDefault?: PrintRoute | undefined;
}

export class RoutingError extends Error {
  override readonly name = 'RoutingError';
}

/** Which route a document takes; kitchen station names match case-insensitively. */
export function routeFor(doc: PrintableDocument, routing: PrintRouting): { route: string; target: PrintRoute } {
  if (doc.kind === 'receipt') return { route: 'receipt', target: routing.receipt };
  const station = doc.station.trim().toLowerCase();
  const entry = Object.entries(routing.kitchen ?? {}).find(([name]) => name.trim().toLowerCase() === station);
  if (entry) return { route: `kitchen:${station}`, target: entry[1] };
  if (routing.kitchenDefault) return { route: `kitchen:${station}`, target: routing.kitchenDefault };
  throw new RoutingError(`No kitchen printer is configured for station "${doc.station}" and there is no default kitchen printer`);
}

/** The route entry a stored job's route string refers to. */
export function routeEntry(route: string, routing: PrintRouting): PrintRoute | undefined {
  if (route === 'receipt') return routing.receipt;
  if (!route.startsWith('kitchen:')) return undefined;
  const station = route.slice('kitchen:'.length);
  const entry = Object.entries(routing.kitchen ?? {}).find(([name]) => name.trim().toLowerCase() === station);
  return entry?.[1] ?? routing.kitchenDefault;
}
