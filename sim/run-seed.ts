import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCatalog } from '../electron/core/demo-catalog.js';
import { canonicalHash } from '../shared/canonical.js';
import { DomainEvent } from '../shared/events.js';
import { foldOrder } from '../shared/order-fold.js';
import { checkInvariants, type ReplicaState } from './invariants.js';
import { maintainLinks } from './links.js';
import { SimNetwork, type NetworkFaults } from './network.js';
import { SimRandom } from './random.js';
import type { StationHardware } from './sim-devices.js';
import { SimServer } from './sim-server.js';
import { SimStation, type PlantedBugs, type StationSpec } from './sim-station.js';
import { Workload } from './workload.js';
import { SimWorld } from './world.js';

export interface SimOptions {
  /** Workload actions per seed (sales, kitchen taps, channel orders, cancels, refunds). */
  actions: number;
  /** How long the faulty period lasts (simulated). */
  workloadMs: number;
  /** No faults at all (the benchmark's reference): one network, always up, nothing lost. */
  calm: boolean;
  /** Keep every trace line (`--trace`), not only the tail. */
  fullTrace?: boolean;
  /** Canaries: bugs planted on purpose, which the checks must catch. */
  plant: {
    /** One committed event is deleted from one station's file after healing (a disk that lost a write). */
    loseEvent?: boolean;
  } & PlantedBugs;
}

export const DEFAULT_OPTIONS: SimOptions = { actions: 40, workloadMs: 60_000, calm: false, plant: {} };

export interface SeedResult {
  seed: number;
  ok: boolean;
  violations: string[];
  /** Hash of the trace: the same seed must give the same one. */
  fingerprint: string;
  traceTail: readonly string[];
  /** Every trace line, when `fullTrace` asked for them. */
  fullTrace: readonly string[] | undefined;
  events: number;
  orders: number;
  steps: number;
  simulatedMs: number;
  faults: Record<string, number>;
  /** Sheets of paper and drawer openings across the stations: the print and drawer checks had something to check. */
  printed: number;
  kicks: number;
}

/** Three stations: two counters (one prints the bar's tickets) and a kitchen-only station printing the rest. */
const STATIONS: readonly StationSpec[] = [
  { id: 'counter-1', owns: ['bar'], counter: true },
  { id: 'counter-2', owns: [], counter: true },
  { id: 'kitchen-1', owns: ['grill', 'pastry'], counter: false },
];

/** Items without required choices: the workload rings them up without a modifiers dialog. */
const CATALOG = demoCatalog.filter((item) => !(item.modifierGroups ?? []).some((g) => g.minChoices > 0));

/** How long healing may take (simulated) before a seed that has not converged fails. */
/**
 * Where the stations' SQLite files live: a RAM-backed directory when there is one. The files, the
 * WAL and every commit are real; only the disk's flush latency (milliseconds per commit on this
 * machine's virtual disk, thousands of commits per seed) is left out.
 */
const SCRATCH = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const HEAL_LIMIT_MS = 10 * 60_000;
/** Within the HLC drift bound (5 min) for any two stations: each is at most 2 min off. */
const MAX_SKEW_MS = 120_000;

/**
 * One seed: a store of three stations, the server and web and mobile channels, a random workload
 * under random faults (LAN partitions, internet outages, lost and reset connections, lost requests
 * and answers, crashes and restarts, clock skew), then healing, then the checks.
 */
export async function runSeed(seed: number, options: SimOptions = DEFAULT_OPTIONS): Promise<SeedResult> {
  const world = new SimWorld(options.fullTrace ?? false);
  const random = new SimRandom(seed);
  const faults: NetworkFaults = options.calm
    ? { resetPerFrame: 0, requestLoss: 0, responseLoss: 0 }
    : { resetPerFrame: 0.005, requestLoss: 0.05, responseLoss: 0.05 };
  const net = new SimNetwork(world, random.fork('network'), faults);
  const server = await SimServer.open(world, String(seed), CATALOG);
  const dir = mkdtempSync(join(SCRATCH, `pos-sim-${seed}-`));
  const stations = STATIONS.map((spec) => new SimStation(world, net, server, spec, CATALOG, random.fork(spec.id), dir, options.plant));
  const counts: Record<string, number> = { partitions: 0, outages: 0, crashes: 0, skews: 0 };
  try {
    // Paired while the internet was up, before the day: each station's first boot.
    for (const station of stations) await station.pair();
    for (const station of stations) await station.start();
    maintainLinks(world, net, stations, random.fork('links'));
    const workload = new Workload(world, server, stations, CATALOG, random.fork('workload'));
    workload.plan(options.actions, options.workloadMs);
    workload.planRoutingEdits(random.fork('routing'), options.workloadMs);
    if (!options.calm) planFaults(world, net, stations, random.fork('faults'), options.workloadMs, counts);
    await world.run(world.now() + options.workloadMs);

    // Healing: one LAN, everyone online, every station running, clocks as they are.
    world.trace('heal');
    net.healLan();
    for (const station of stations) {
      net.setOnline(station.id, true);
      await station.start();
    }
    const healBy = world.now() + HEAL_LIMIT_MS;
    let converged = false;
    while (!converged && world.now() < healBy) {
      await world.run(world.now() + 2_000);
      converged = await isConverged(stations, server);
    }
    if (options.plant.loseEvent) loseOneEvent(stations, random.fork('plant'));
    const replicas = await readReplicas(stations, server);
    const committed = [
      ...stations.flatMap((s) => s.committedOwn),
      ...(await server.events()).filter((e) => !stations.some((s) => s.id === e.origin)),
    ];
    const violations = checkInvariants({
      replicas,
      committed,
      hardware: new Map<string, StationHardware>(stations.map((s) => [s.id, s.hardware])),
      owns: new Map(stations.map((s) => [s.id, s.spec.owns])),
      drawers: workload.drawers,
    });
    const routings = stations.map((s) => `${s.id}: ${routingOf(s)}`);
    if (new Set(stations.map(routingOf)).size > 1) violations.push(`routing differs: ${routings.join('; ')}`);
    if (!converged) violations.unshift(`not converged: replicas still differ ${HEAL_LIMIT_MS / 60_000} simulated minutes after healing`);
    return {
      seed,
      ok: violations.length === 0,
      violations,
      fingerprint: world.fingerprint,
      traceTail: world.traceTail(),
      fullTrace: world.full,
      events: replicas[0]?.events.length ?? 0,
      orders: new Set(committed.map((e) => e.orderId)).size,
      steps: world.steps,
      simulatedMs: world.now() - world.startedAt,
      faults: counts,
      printed: stations.reduce((n, s) => n + s.hardware.paper.length, 0),
      kicks: stations.reduce((n, s) => n + s.hardware.kicks.length, 0),
    };
  } finally {
    net.closeAll();
    for (const station of stations) station.close();
    rmSync(dir, { recursive: true, force: true });
    await server.dispose();
  }
}

/** Partitions, outages, crashes and clock steps at random times during the workload, each ending by itself. */
function planFaults(
  world: SimWorld,
  net: SimNetwork,
  stations: readonly SimStation[],
  random: SimRandom,
  durationMs: number,
  counts: Record<string, number>,
): void {
  const start = world.now();
  const when = () => start + random.int(0, durationMs);
  for (let i = random.int(1, 3); i > 0; i--) {
    const lasts = random.int(2_000, 30_000);
    const cut = random.pick(stations).id;
    world.at(when(), 'partition', () => {
      counts['partitions']! += 1;
      world.trace(`partition: ${cut} alone`);
      net.partitionLan(new Map(stations.map((s) => [s.id, s.id === cut ? 1 : 0])));
      world.after(lasts, 'partition heals', () => {
        world.trace('partition healed');
        net.healLan();
      });
    });
  }
  for (let i = random.int(1, 4); i > 0; i--) {
    const station = random.pick(stations);
    const lasts = random.int(3_000, 40_000);
    world.at(when(), 'outage', () => {
      counts['outages']! += 1;
      world.trace(`${station.id} internet down`);
      net.setOnline(station.id, false);
      world.after(lasts, 'outage ends', () => {
        world.trace(`${station.id} internet up`);
        net.setOnline(station.id, true);
      });
    });
  }
  for (let i = random.int(0, 2); i > 0; i--) {
    const station = random.pick(stations);
    const down = random.int(500, 20_000);
    world.at(when(), 'crash', () => {
      if (!station.running) return;
      counts['crashes']! += 1;
      station.crash();
      world.after(down, 'restart', () => station.start());
    });
  }
  for (let i = random.int(0, 3); i > 0; i--) {
    const station = random.pick(stations);
    const skew = random.int(-MAX_SKEW_MS, MAX_SKEW_MS);
    world.at(when(), 'clock step', () => {
      counts['skews']! += 1;
      world.trace(`${station.id} clock ${skew} ms`);
      station.clock.skewMs = skew;
    });
  }
}

/** Every station holds the same per-origin vector, has nothing left to push, and the server holds as many events. */
async function isConverged(stations: readonly SimStation[], server: SimServer): Promise<boolean> {
  const vectors = stations.map((s) => s.running && JSON.stringify(sortedVector(s.running.meshLog.vector())));
  if (vectors.some((v) => !v || v !== vectors[0])) return false;
  if (stations.some((s) => (s.running?.store.outboxStats().depth ?? 1) > 0)) return false;
  if (new Set(stations.map(routingOf)).size > 1) return false;
  return (await server.eventCount()) === countEvents(stations[0]!);
}

/** The store's routing document a station follows (its version, author and body): store data must agree too. */
function routingOf(station: SimStation): string {
  const document = station.running?.storeData.current('kitchen-routing');
  return document ? `v${document.version} by ${document.author} ${canonicalHash(document.body)}` : 'catalog defaults';
}

function sortedVector(vv: Record<string, number>): [string, number][] {
  return Object.entries(vv).sort(([x], [y]) => (x < y ? -1 : 1));
}

function countEvents(station: SimStation): number {
  const row = station.running!.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get();
  return row?.n ?? 0;
}

async function readReplicas(stations: readonly SimStation[], server: SimServer): Promise<ReplicaState[]> {
  const replicas: ReplicaState[] = stations.map((station) => {
    const process = station.running!;
    const events = process.db
      .prepare<[], { body: string }>('SELECT body FROM events ORDER BY origin, seq')
      .all()
      .map((row) => DomainEvent.parse(JSON.parse(row.body)));
    return {
      name: station.id,
      events,
      view: (orderId) => process.store.getOrder(orderId),
      refused: process.meshLog.listConflicts().length,
    };
  });
  const serverEvents = await server.events();
  const byOrder = new Map<string, DomainEvent[]>();
  for (const e of serverEvents) byOrder.set(e.orderId, [...(byOrder.get(e.orderId) ?? []), e]);
  replicas.push({ name: 'server', events: serverEvents, view: (orderId) => foldOrder(byOrder.get(orderId) ?? []), refused: 0 });
  return replicas;
}

/** Canary: a committed event disappears from one station's file (and its cached views are rebuilt from what is left). */
function loseOneEvent(stations: readonly SimStation[], random: SimRandom): void {
  const station = random.pick(stations);
  const db = station.running!.db;
  const victim = db.prepare<[], { id: string }>('SELECT id FROM events ORDER BY origin, seq').all();
  if (victim.length === 0) return;
  db.prepare('DELETE FROM events WHERE id = ?').run(random.pick(victim).id);
}
