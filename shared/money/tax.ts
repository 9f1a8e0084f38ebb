import { z } from 'zod';

/**
 * Parts per million: 7.7 % is 77 000, New York's 8.875 % is 88 750. Basis points cannot say 8.875 %;
 * integers keep tax exact.
 */
export const TaxRatePpm = z.int().min(0).max(1_000_000);

export const LineTax = z.object({
  ratePpm: TaxRatePpm,
  /** true: the price already contains the tax (EU shelf prices); false: tax is added on top (US). */
  included: z.boolean(),
});
export type LineTax = z.infer<typeof LineTax>;

/** What a price without tax information means: final as shown, nothing added. */
export const NO_TAX: LineTax = { ratePpm: 0, included: true };
