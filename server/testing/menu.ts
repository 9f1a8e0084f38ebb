import type { MenuInput } from '../../shared/menu/menu.js';

const FOOD = { ratePpm: 100_000, included: true };
const DRINK = { ratePpm: 200_000, included: true };

/** A small café menu for server tests: a counted-friendly burger with a required group, priced extras, a delivery price list. */
export const TEST_MENU: MenuInput = {
  currency: 'EUR',
  categories: [
    { id: 'coffee', name: 'Coffee', kitchenStation: 'bar' },
    { id: 'bakery', name: 'Bakery' },
    { id: 'kitchen', name: 'Kitchen', kitchenStation: 'grill' },
  ],
  modifierGroups: [
    {
      id: 'doneness',
      name: 'Doneness',
      min: 1,
      max: 1,
      options: [
        { id: 'medium', name: 'Medium' },
        { id: 'well-done', name: 'Well done' },
      ],
    },
    {
      id: 'extras',
      name: 'Extras',
      min: 0,
      max: 2,
      options: [
        { id: 'cheese', name: 'Cheddar', priceDeltaMinor: 100 },
        { id: 'bacon', name: 'Bacon', priceDeltaMinor: 150 },
        { id: 'egg', name: 'Fried egg', priceDeltaMinor: 120 },
      ],
    },
  ],
  items: [
    { id: 'espresso', name: 'Espresso', category: 'coffee', priceMinor: 250, tax: DRINK },
    {
      id: 'croissant',
      name: 'Croissant',
      category: 'bakery',
      priceMinor: 180,
      tax: { ratePpm: 70_000, included: true },
      barcode: '4006381333931',
    },
    {
      id: 'burger',
      name: 'Burger',
      category: 'kitchen',
      priceMinor: 1190,
      tax: FOOD,
      modifierGroups: [{ group: 'doneness' }, { group: 'extras' }],
    },
    { id: 'club-sandwich', name: 'Club sandwich', category: 'kitchen', priceMinor: 890, tax: FOOD },
  ],
  priceLists: [{ channel: 'mobile', prices: { burger: 1290 }, hidden: ['club-sandwich'] }],
};
