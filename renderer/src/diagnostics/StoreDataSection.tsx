import type { JSX } from 'react';
import type { StoreDataView } from '../../../shared/ipc/diagnostics.js';
import { menuLabel } from '../store/catalog-slice.js';

/**
 * The store's documents this station follows (menu, availability, staff, routing), whether the
 * server has this station's edits yet, and documents kept out (a menu it cannot read, say): the
 * held one stays in use and the reason is here.
 */
export function StoreDataSection({ storeData }: { storeData: StoreDataView | undefined }): JSX.Element {
  return (
    <section aria-labelledby="diag-store-data" className="diag-card">
      <h2 id="diag-store-data">Store data</h2>
      <dl className="diag-facts">
        <dt>Menu</dt>
        <dd aria-label="Menu in use">{menuLabel(storeData?.menu ?? null)}</dd>
      </dl>
      {storeData === undefined ? (
        <p className="placeholder">Loading…</p>
      ) : (
        <>
          <table className="routing-table" aria-label="Store documents">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Version</th>
                <th scope="col">From</th>
                <th scope="col">Server has it</th>
              </tr>
            </thead>
            <tbody>
              {storeData.documents.map((d) => (
                <tr key={d.kind}>
                  <td>{d.kind}</td>
                  <td>{d.version}</td>
                  <td>{d.author}</td>
                  <td>{d.waitingForServer ? 'not yet' : 'yes'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {storeData.rejected.length > 0 && (
            <table className="routing-table" aria-label="Store documents kept out">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">From</th>
                  <th scope="col">Why</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {storeData.rejected.map((r) => (
                  <tr key={`${r.kind}-${r.hlc}-${r.author}`}>
                    <td>{r.kind}</td>
                    <td>{r.source}</td>
                    <td>{r.reason}</td>
                    <td>{new Date(r.detectedAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
