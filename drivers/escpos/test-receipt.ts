import type { ReceiptDocument } from './receipt-document.js';

/**
 * The receipt the diagnostics page prints to check a printer end to end: accented text and '€'
 * exercise the code page, the amounts the layout. Also the golden-fixture document.
 */
export function testPageReceipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    kind: 'receipt',
    storeName: 'Café Lumière',
    headerLines: ['12 Rue de la Paix', '75002 Paris'],
    orderLabel: 'Order #42',
    timestamp: '2025-03-14 12:30',
    currency: 'EUR',
    lines: [
      { quantity: 2, name: 'Crème brûlée', amountMinor: 900 },
      { quantity: 1, name: 'Espresso', amountMinor: 250 },
      { quantity: 1, name: 'Tarte Tatin', amountMinor: 100 },
    ],
    totalMinor: 1250,
    tenderedMinor: 2000,
    changeMinor: 750,
    paymentMethod: 'Cash',
    footerLines: ['Merci et à bientôt !', 'Prices in € incl. VAT'],
    ...overrides,
  };
}
