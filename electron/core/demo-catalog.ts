import type { CatalogItem } from '../../shared/catalog.js';

/** What `npm start` sells when no catalog file is configured. Barcodes carry valid check digits. */
export const demoCatalog: CatalogItem[] = [
  { id: 'espresso', name: 'Espresso', category: 'Coffee', priceMinor: 250, currency: 'EUR', kitchenStation: 'bar' },
  { id: 'cappuccino', name: 'Cappuccino', category: 'Coffee', priceMinor: 350, currency: 'EUR', kitchenStation: 'bar' },
  { id: 'flat-white', name: 'Flat white', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
  { id: 'croissant', name: 'Croissant', category: 'Bakery', priceMinor: 220, currency: 'EUR', barcode: '4006381333931' },
  { id: 'pain-au-chocolat', name: 'Pain au chocolat', category: 'Bakery', priceMinor: 260, currency: 'EUR', barcode: '5901234123457' },
  { id: 'creme-brulee', name: 'Crème brûlée', category: 'Desserts', priceMinor: 590, currency: 'EUR', kitchenStation: 'pastry' },
  { id: 'club-sandwich', name: 'Club sandwich', category: 'Kitchen', priceMinor: 890, currency: 'EUR', kitchenStation: 'grill' },
  { id: 'soup-of-the-day', name: 'Soup of the day', category: 'Kitchen', priceMinor: 650, currency: 'EUR', kitchenStation: 'grill' },
  { id: 'sparkling-water', name: 'Sparkling water', category: 'Drinks', priceMinor: 200, currency: 'EUR', barcode: '96385074' },
  { id: 'orange-juice', name: 'Orange juice', category: 'Drinks', priceMinor: 390, currency: 'EUR', barcode: '036000291452' },
];
