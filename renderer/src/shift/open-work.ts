/** The shift close warning's lines, in the counter's words; empty when nothing is open. */
export function openWorkWarnings(work: { openOrders: number; liveKitchenTickets: number }): string[] {
  const warnings: string[] = [];
  if (work.openOrders > 0) warnings.push(`${work.openOrders} open order${work.openOrders === 1 ? '' : 's'} not paid yet (see Open orders)`);
  if (work.liveKitchenTickets > 0)
    warnings.push(`${work.liveKitchenTickets} kitchen ticket${work.liveKitchenTickets === 1 ? '' : 's'} still on the kitchen screen`);
  return warnings;
}
