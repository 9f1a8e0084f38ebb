/**
 * The cost of running the station core out of the window-owning process (ARCHITECTURE §10): a
 * command from the Electron transport goes main → core process → main. Electron's utilityProcess
 * cannot run here, so the hop is a forked Node process with structured-clone IPC (what a utility
 * process's port does too), carrying the same core-protocol messages through the same
 * connectCore/runCoreHost code. Reference, in the same run: the same command dispatched in-process.
 * Commands: catalog.list (read) and order.addLine (a SQLite write and an order.changed push).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation } from '../electron/core/station.js';
import { connectCore, type CoreProcessLike } from '../electron/shell/core-client.js';
import { runCoreHost } from '../electron/shell/core-host.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const WARMUP = 30;
const STATION = { http: { host: '127.0.0.1', port: 0 }, discovery: { mdns: false } };

if (process.env.CORE_HOP_ROLE === 'core') {
  // The child: the core host on process IPC, as core-entry.ts is on Electron's parentPort.
  runCoreHost({
    port: {
      on: (_event, listener) => process.on('message', (data) => listener({ data })),
      postMessage: (message) => process.send!(message),
    },
    logger: silentLogger,
    exit: (code) => process.exit(code),
    stationOptions: { clock: new ManualClock(Date.now()), manualSync: true },
  });
} else {
  const pct = (sorted: number[], p: number) =>
    Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
  const summary = (samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return { p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99) };
  };
  type Dispatch = (role: 'cashier', command: string, args: unknown, requestId: string) => Promise<{ ok: boolean }>;
  async function measure(dispatch: Dispatch): Promise<{ read: number[]; write: number[] }> {
    const read: number[] = [];
    const write: number[] = [];
    let orderId: string | undefined;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      let started = performance.now();
      const listed = await dispatch('cashier', 'catalog.list', {}, `r${i}`);
      if (!listed.ok) throw new Error('catalog.list failed');
      if (i >= WARMUP) read.push(performance.now() - started);
      // A fresh order every 10 lines keeps the order the size of a real one.
      if (i % 10 === 0) orderId = undefined;
      started = performance.now();
      const added = (await dispatch('cashier', 'order.addLine', { itemId: 'espresso', ...(orderId ? { orderId } : {}) }, `w${i}`)) as {
        ok: boolean;
        value?: { id: string };
      };
      if (!added.ok || !added.value) throw new Error('order.addLine failed');
      orderId = added.value.id;
      if (i >= WARMUP) write.push(performance.now() - started);
    }
    return { read, write };
  }

  const inProcessDir = mkdtempSync(join(tmpdir(), 'bench-hop-in-'));
  const hopDir = mkdtempSync(join(tmpdir(), 'bench-hop-out-'));
  try {
    const station = await startStation({
      config: parseStationConfig(STATION, 'bench'),
      dataDir: inProcessDir,
      rendererDir: inProcessDir,
      clock: new ManualClock(Date.now()),
      manualSync: true,
    });
    const direct = await measure(station.dispatch);
    await station.stop();

    writeFileSync(join(hopDir, 'station.json'), JSON.stringify(STATION));
    const child = fork(import.meta.filename, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, CORE_HOP_ROLE: 'core' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const proc: CoreProcessLike = {
      postMessage: (message) => child.send(message as never),
      on: (event: 'message' | 'exit', listener: (value: never) => void) => child.on(event, listener as (...args: unknown[]) => void),
    };
    const core = connectCore(proc, silentLogger);
    await core.start({ dataDir: hopDir, rendererDir: hopDir, demoStaff: false });
    const hop = await measure(core.dispatch);
    await core.stop();

    console.log(
      JSON.stringify({
        bench: 'core-hop',
        samples: SAMPLES,
        unit: 'ms',
        inProcess: { read: summary(direct.read), write: summary(direct.write) },
        viaCoreProcess: { read: summary(hop.read), write: summary(hop.write) },
        note: 'forked Node process with structured-clone IPC standing in for Electron utilityProcess',
      }),
    );
  } finally {
    rmSync(inProcessDir, { recursive: true, force: true });
    rmSync(hopDir, { recursive: true, force: true });
  }
}
