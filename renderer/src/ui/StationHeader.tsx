import type { ReactNode } from 'react';
import { useAppSelector } from '../store/hooks.js';
import { connectionLabel } from './labels.js';

export function StationHeader({ title, children }: { title: string; children?: ReactNode }) {
  const connection = useAppSelector((s) => s.connection);
  return (
    <header className="station-header">
      <h1>{title}</h1>
      {connection.stationId && <span className="station-id">{connection.stationId}</span>}
      {children}
      {/* Not role="status": that role is reserved for the window's main outcome (e.g. "Paid"). */}
      <span className={`connection connection-${connection.status}`} aria-live="polite">
        {connectionLabel[connection.status]}
      </span>
    </header>
  );
}
