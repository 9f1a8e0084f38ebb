import { useCallback, useEffect, useState } from 'react';
import type { PrintedBlockView, VirtualDocumentView } from '../../../shared/ipc/devices.js';
import { useBridge } from '../app/BridgeContext.js';
import { useAppSelector } from '../store/hooks.js';

type TextBlock = Extract<PrintedBlockView, { type: 'text' }>;

function spanClass(span: TextBlock['spans'][number]): string {
  return [span.bold && 'b', span.underline && 'u', span.reverse && 'rev', span.width > 1 && 'wide', span.height > 1 && 'tall']
    .filter(Boolean)
    .join(' ');
}

/** One decoded block as it would look on paper; text is rendered by React, never as HTML. */
function Block({ block }: { block: PrintedBlockView }) {
  switch (block.type) {
    case 'text':
      return (
        <div className={`paper-line paper-${block.align}`}>
          {block.spans.length === 0
            ? '\u00a0'
            : block.spans.map((span, i) => (
                <span key={i} className={spanClass(span) || undefined}>
                  {span.text}
                </span>
              ))}
        </div>
      );
    case 'qr':
      return (
        <div className="paper-code">
          [QR {block.symbol.toUpperCase()}] {block.data}
        </div>
      );
    case 'barcode':
      return (
        <div className="paper-code">
          [{block.symbology}] {block.data}
        </div>
      );
    case 'image':
      return (
        <div className="paper-code">
          [image {block.widthDots}×{block.heightDots} dots]
        </div>
      );
    case 'cut':
      return <div className="paper-cut">✂ {block.mode} cut</div>;
    case 'drawerKick':
      return <div className="paper-code">[cash drawer pulse, pin {block.pin === 0 ? 2 : 5}]</div>;
  }
}

/**
 * What the simulated printers printed, decoded back from the ESC/POS bytes the station sent: the
 * proof that a receipt or kitchen ticket would have come out right, without hardware.
 */
export function VirtualPrinterSection() {
  const bridge = useBridge();
  const [documents, setDocuments] = useState<VirtualDocumentView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A job reaching "done" means a document came out (counted by the print-jobs slice): reload then.
  const printed = useAppSelector((s) => s.printJobs.printed);

  const load = useCallback(async () => {
    const result = await bridge.invoke('print.virtualDocuments', { limit: 6 });
    if (result.ok) {
      setDocuments(result.value.documents);
      setError(null);
    } else setError(result.error.message);
  }, [bridge]);

  useEffect(() => {
    void load();
  }, [load, printed]);

  return (
    <section aria-labelledby="diag-virtual-paper" className="diag-card diag-wide">
      <h2 id="diag-virtual-paper">Virtual printer output</h2>
      {error && <p className="diag-problem">Could not read the virtual printers: {error}</p>}
      {documents === null ? (
        <p className="placeholder">Loading…</p>
      ) : documents.length === 0 ? (
        <p className="placeholder">Nothing printed on a simulated printer yet (real printers print on paper).</p>
      ) : (
        <ul role="list" className="paper-roll">
          {documents.map((doc) => (
            <li
              key={`${doc.printerId}-${doc.index}`}
              aria-label={`Printed on ${doc.printerName} at ${new Date(doc.printedAt).toLocaleTimeString()}`}
            >
              <p className="paper-caption">
                {doc.printerName} · {new Date(doc.printedAt).toLocaleTimeString()} · {doc.bytes} bytes
                {doc.unknownCommands.length > 0 && <span className="diag-problem"> · {doc.unknownCommands.length} unknown commands</span>}
              </p>
              <div className="paper">
                {doc.blocks.map((block, i) => (
                  <Block key={i} block={block} />
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
