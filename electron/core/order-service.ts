/**
 * Moved to `orders/order-service.ts`. Kept for the card saga tests, which another change owns;
 * remove once they import from `orders/`.
 */
export * from './orders/order-service.js';
