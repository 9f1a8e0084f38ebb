export { CashierWindow } from './cashier.js';
export { CustomerDisplay } from './customer.js';
export { DiagnosticsWindow } from './diagnostics.js';
export { KitchenDisplay } from './kitchen.js';
