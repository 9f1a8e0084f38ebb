import { useEffect, useRef } from 'react';
import { useAppSelector } from '../store/hooks.js';
import { scansAfter } from '../store/scanner-slice.js';

/**
 * Calls `onScan` once per barcode the station's scanner reads while this component is mounted.
 * Scans from before it mounted (at the sign-in screen, say) are not replayed into a new sale.
 */
export function useScannedBarcodes(onScan: (barcode: string) => void): void {
  const scanner = useAppSelector((s) => s.scanner);
  const taken = useRef(scanner.seq);
  const latest = useRef(onScan);
  latest.current = onScan;
  useEffect(() => {
    for (const scan of scansAfter(scanner, taken.current)) {
      taken.current = scan.seq;
      latest.current(scan.barcode);
    }
  }, [scanner]);
}
