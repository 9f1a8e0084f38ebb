/**
 * Crash-test worker for store and forward: with the gateway cut it sells orders by card (approved
 * offline), then restores it and forwards with random gateway outcomes (accept, decline, a lost
 * answer, a forward that never arrives), over and over, until the harness SIGKILLs it. Some sales
 * are refunded before forwarding (the stored payment is voided). Every step of the sagas is
 * therefore a place where it can die, the refund's commit and its terminal void included.
 */
import { systemClock } from '../../../shared/clock.js';
import type { SimulatedForward } from '../payments/simulated-terminal.js';
import { openOfflineStation } from './offline-station.js';

const [path, origin] = process.argv.slice(2);
if (!path || !origin) throw new Error('usage: offline-kill-worker DB_PATH ORIGIN');

const station = openOfflineStation(path, origin, systemClock);
const outcomes: SimulatedForward[] = [
  { kind: 'accept' },
  { kind: 'accept' },
  { kind: 'decline', reason: 'Declined by the issuer (crash test)' },
  { kind: 'timeout_after_forwarding' },
  { kind: 'timeout_before_reaching' },
];
const items = ['espresso', 'croissant', 'flat-white'];
process.stdout.write('ready\n');

for (;;) {
  station.terminal.setGateway(false);
  for (let i = 0; i < 3; i += 1) {
    const added = station.orders.addLine({ orderType: 'takeout' }, items[Math.floor(Math.random() * items.length)]!, 1);
    if (!added.ok) throw new Error(added.error.message);
    const started = station.saga.start({ orderId: added.value.id, amountMinor: added.value.dueMinor });
    if (!started.ok) throw new Error(started.error.message);
    const done = await started.value.done;
    process.stdout.write(`${done.attemptId} ${done.state}\n`);
    if (done.state === 'offline_approved' && Math.random() < 0.4) {
      const refunded = station.refunds.start({
        orderId: added.value.id,
        paymentId: done.attemptId,
        amountMinor: done.amountMinor,
        reason: 'crash test',
      });
      if (!refunded.ok) throw new Error(refunded.error.message);
      await refunded.value.done;
      process.stdout.write(`${done.attemptId} refunded before forwarding\n`);
    }
  }
  station.terminal.setGateway(true);
  for (const step of station.queue.toForward()) {
    void step;
    station.terminal.script({ forward: [outcomes[Math.floor(Math.random() * outcomes.length)]!] });
  }
  const round = await station.forwarder.run();
  process.stdout.write(`round ${round.forwarded} ${round.declined} ${round.left}\n`);
  await new Promise((resolve) => setImmediate(resolve));
}
