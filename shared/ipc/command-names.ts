/**
 * The contract's command names on their own, so the Electron preload can expose one function per
 * command without bundling the schemas. `contract.ts` must define exactly these (checked at compile time).
 */
export const COMMAND_NAMES = [
  'catalog.list',
  'order.open',
  'order.addLine',
  'order.addBarcode',
  'order.payCash',
  'orders.listActive',
  'sync.status',
  'sync.now',
  'diagnostics.get',
  'deadLetters.replay',
  'deadLetters.discard',
  'devices.list',
  'devices.test',
  'devices.discover',
  'print.jobs',
  'print.reprint',
  'print.acknowledge',
  'print.cancel',
  'drawer.open',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];
