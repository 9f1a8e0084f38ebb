import type { IpcError } from '../../../shared/ipc/contract.js';
import type { AddRequest } from './cart-machine.js';

/**
 * What the cashier reads when a cart command fails. The station writes its messages for people
 * ("Barcode … failed its check digit … scan again"), so they are shown as they come; the code only
 * picks the wording when a message is missing. Logic never looks at the text.
 */
export function describeCartError(error: IpcError, request: AddRequest | null): string {
  if (error.message.trim()) return error.message;
  const barcode = request?.kind === 'barcode' ? request.barcode : null;
  switch (error.code) {
    case 'invalid_barcode':
      return barcode ? `Barcode ${barcode} is not valid — scan it again` : 'That barcode is not valid — scan it again';
    case 'unknown_barcode':
      return barcode ? `No item has barcode ${barcode}` : 'No item has that barcode';
    case 'insufficient_tender':
      return 'Cash tendered is less than the total';
    default:
      return 'The station could not do that';
  }
}
