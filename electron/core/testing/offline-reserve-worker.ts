/**
 * Concurrency worker: another process on the same station database starting card payments while the
 * gateway is down, as fast as it can. Prints `ok` or `refused` per order; exits before any terminal
 * answer, so only the reservations (the limit check) race.
 */
import { systemClock } from '../../../shared/clock.js';
import { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { openOfflineStation } from './offline-station.js';

const [path, origin, limitsJson, ...orderIds] = process.argv.slice(2);
if (!path || !origin || !limitsJson) throw new Error('usage: offline-reserve-worker DB_PATH ORIGIN LIMITS_JSON ORDER_ID...');
const station = openOfflineStation(path, origin, systemClock, OfflineLimits.parse(JSON.parse(limitsJson)));
station.terminal.setGateway(false);
const answers = orderIds.map((orderId) => {
  const started = station.saga.start({ orderId, amountMinor: 250 });
  return started.ok ? 'ok' : started.error.code;
});
process.stdout.write(`${answers.join(' ')}\n`);
process.exit(0);
