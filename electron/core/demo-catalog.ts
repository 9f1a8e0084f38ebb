import type { CatalogItem } from '../../shared/catalog.js';
import type { LineTax } from '../../shared/money/tax.js';

/**
 * A café's VAT, as in much of the EU: food at the reduced rate, drinks at the standard rate, both
 * inside the shelf price, so the prices (and every total) are what the customer sees on the board.
 */
const FOOD_VAT: LineTax = { ratePpm: 100_000, included: true };
const DRINK_VAT: LineTax = { ratePpm: 200_000, included: true };

/**
 * What `npm start` sells when no catalog file is configured. Barcodes carry valid check digits. The
 * burger and the latte carry modifier groups (a required single choice, optional priced extras) so the
 * cashier's modifiers dialog has real work to do. Food carries 10 % VAT, drinks 20 %, tax included.
 */
export const demoCatalog: CatalogItem[] = [
  { id: 'espresso', name: 'Espresso', category: 'Coffee', priceMinor: 250, currency: 'EUR', kitchenStation: 'bar', tax: DRINK_VAT },
  { id: 'cappuccino', name: 'Cappuccino', category: 'Coffee', priceMinor: 350, currency: 'EUR', kitchenStation: 'bar', tax: DRINK_VAT },
  { id: 'flat-white', name: 'Flat white', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar', tax: DRINK_VAT },
  { id: 'croissant', name: 'Croissant', category: 'Bakery', priceMinor: 220, currency: 'EUR', barcode: '4006381333931', tax: FOOD_VAT },
  {
    id: 'pain-au-chocolat',
    name: 'Pain au chocolat',
    category: 'Bakery',
    priceMinor: 260,
    currency: 'EUR',
    barcode: '5901234123457',
    tax: FOOD_VAT,
  },
  {
    id: 'creme-brulee',
    name: 'Crème brûlée',
    category: 'Desserts',
    priceMinor: 590,
    currency: 'EUR',
    kitchenStation: 'pastry',
    tax: FOOD_VAT,
  },
  {
    id: 'club-sandwich',
    name: 'Club sandwich',
    category: 'Kitchen',
    priceMinor: 890,
    currency: 'EUR',
    kitchenStation: 'grill',
    tax: FOOD_VAT,
  },
  {
    id: 'soup-of-the-day',
    name: 'Soup of the day',
    category: 'Kitchen',
    priceMinor: 650,
    currency: 'EUR',
    kitchenStation: 'grill',
    tax: FOOD_VAT,
  },
  {
    id: 'sparkling-water',
    name: 'Sparkling water',
    category: 'Drinks',
    priceMinor: 200,
    currency: 'EUR',
    barcode: '96385074',
    tax: DRINK_VAT,
  },
  {
    id: 'orange-juice',
    name: 'Orange juice',
    category: 'Drinks',
    priceMinor: 390,
    currency: 'EUR',
    barcode: '036000291452',
    tax: DRINK_VAT,
  },
  {
    id: 'latte',
    name: 'Latte',
    category: 'Coffee',
    priceMinor: 390,
    currency: 'EUR',
    tax: DRINK_VAT,
    kitchenStation: 'bar',
    modifierGroups: [
      {
        id: 'milk',
        name: 'Milk',
        minChoices: 1,
        maxChoices: 1,
        options: [
          { id: 'whole', name: 'Whole milk', priceDeltaMinor: 0 },
          { id: 'oat', name: 'Oat milk', priceDeltaMinor: 40 },
          { id: 'soy', name: 'Soy milk', priceDeltaMinor: 40 },
          { id: 'lactose-free', name: 'Lactose-free milk', priceDeltaMinor: 0 },
        ],
      },
      {
        id: 'syrup',
        name: 'Syrup',
        minChoices: 0,
        maxChoices: 2,
        options: [
          { id: 'vanilla', name: 'Vanilla syrup', priceDeltaMinor: 50 },
          { id: 'caramel', name: 'Caramel syrup', priceDeltaMinor: 50 },
          { id: 'hazelnut', name: 'Hazelnut syrup', priceDeltaMinor: 50 },
        ],
      },
    ],
  },
  {
    id: 'burger',
    name: 'Burger',
    category: 'Kitchen',
    priceMinor: 1190,
    currency: 'EUR',
    tax: FOOD_VAT,
    kitchenStation: 'grill',
    modifierGroups: [
      {
        id: 'doneness',
        name: 'Doneness',
        minChoices: 1,
        maxChoices: 1,
        options: [
          { id: 'medium-rare', name: 'Medium rare', priceDeltaMinor: 0 },
          { id: 'medium', name: 'Medium', priceDeltaMinor: 0 },
          { id: 'well-done', name: 'Well done', priceDeltaMinor: 0 },
        ],
      },
      {
        id: 'extras',
        name: 'Extras',
        minChoices: 0,
        maxChoices: 3,
        options: [
          { id: 'cheese', name: 'Cheddar', priceDeltaMinor: 100 },
          { id: 'bacon', name: 'Bacon', priceDeltaMinor: 150 },
          { id: 'egg', name: 'Fried egg', priceDeltaMinor: 120 },
          { id: 'avocado', name: 'Avocado', priceDeltaMinor: 200 },
        ],
      },
      {
        id: 'remove',
        name: 'Leave off',
        minChoices: 0,
        maxChoices: 3,
        options: [
          { id: 'no-onion', name: 'No onion', priceDeltaMinor: 0 },
          { id: 'no-pickles', name: 'No pickles', priceDeltaMinor: 0 },
          { id: 'no-sauce', name: 'No sauce', priceDeltaMinor: 0 },
        ],
      },
    ],
  },
];
