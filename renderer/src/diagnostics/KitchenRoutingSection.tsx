import { useCallback, useEffect, useRef, useState } from 'react';
import { KitchenRouting, KitchenStationName, type KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';
import { useBridge } from '../app/BridgeContext.js';
import { useManagerApproval } from '../staff/ManagerApproval.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { noticeShown } from '../store/notices-slice.js';

/** Select values: "" inherits (category or catalog), "-" is the counter, anything else a station. */
const INHERIT = '';
const COUNTER = '-';

function toChoice(target: string | null | undefined): string {
  return target === undefined ? INHERIT : target === null ? COUNTER : target;
}

function withChoice(table: Record<string, string | null>, key: string, choice: string): Record<string, string | null> {
  const next = { ...table };
  if (choice === INHERIT) delete next[key];
  else next[key] = choice === COUNTER ? null : choice;
  return next;
}

function RouteSelect({
  label,
  value,
  stations,
  inheritLabel,
  onChange,
}: {
  label: string;
  value: string;
  stations: readonly string[];
  inheritLabel: string;
  onChange: (v: string) => void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value={INHERIT}>{inheritLabel}</option>
      {stations.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
      <option value={COUNTER}>Counter (not sent to the kitchen)</option>
    </select>
  );
}

/** Which store routing document is followed, for people: the version, where and when it was edited. */
function sourceLine(source: KitchenRoutingView['source']): string {
  if (!source) return 'Catalog defaults: nobody has saved routing for this store yet.';
  return `Store routing v${source.version}, saved at ${source.author} on ${new Date(source.editedAtMs).toLocaleString()}.`;
}

/**
 * Kitchen stations and which catalog category or item each prepares: the store's routing, the same
 * at every station (saved here, it reaches the others through the server and the store mesh), and
 * applied by the core when it fires tickets (web and mobile orders included).
 */
export function KitchenRoutingSection() {
  const bridge = useBridge();
  const { withManagerPin } = useManagerApproval();
  const dispatch = useAppDispatch();
  const [view, setView] = useState<KitchenRoutingView | null>(null);
  const [draft, setDraft] = useState<KitchenRouting | null>(null);
  const [newStation, setNewStation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    const result = await bridge.invoke('kitchen.routing', {});
    if (result.ok) {
      setView(result.value);
      setDraft(result.value.routing);
    } else setProblem(`Could not load kitchen routing: ${result.error.message}`);
  }, [bridge]);
  useEffect(() => void load(), [load]);
  // Saved at another station and arrived here (the store follows `kitchen.routingChanged`): shown at
  // once, without overwriting an edit in progress.
  const pushed = useAppSelector((state) => state.routing.view);
  const dirty = useRef(false);
  useEffect(() => {
    if (!pushed) return;
    setView(pushed);
    if (!dirty.current) setDraft(pushed.routing);
  }, [pushed]);

  if (!view || !draft) {
    return (
      <section aria-labelledby="diag-routing" className="diag-card diag-wide">
        <h2 id="diag-routing">Kitchen routing</h2>
        <p className={problem ? 'diag-problem' : 'placeholder'}>{problem ?? 'Loading…'}</p>
      </section>
    );
  }

  const addStation = () => {
    const name = newStation.trim().toLowerCase();
    const parsed = KitchenStationName.safeParse(name);
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? 'Not a station name');
    if (draft.stations.includes(name)) return setProblem(`${name} is already a station`);
    setDraft({ ...draft, stations: [...draft.stations, name] });
    setNewStation('');
    setProblem(null);
  };
  const removeStation = (name: string) => {
    // Whatever went to the removed station falls back to its category or the catalog.
    const drop = (table: Record<string, string | null>) => Object.fromEntries(Object.entries(table).filter(([, s]) => s !== name));
    setDraft({
      ...draft,
      stations: draft.stations.filter((s) => s !== name),
      byCategory: drop(draft.byCategory),
      byItem: drop(draft.byItem),
    });
  };
  const save = async () => {
    const checked = KitchenRouting.safeParse(draft);
    if (!checked.success) return setProblem(checked.error.issues.map((i) => i.message).join('; '));
    setSaving(true);
    try {
      const result = await withManagerPin('Save the kitchen routing', (pin) =>
        bridge.invoke('kitchen.setRouting', { routing: checked.data, ...(pin ? { managerPin: pin } : {}) }),
      );
      if (result.ok) {
        setView(result.value);
        setDraft(result.value.routing);
        setProblem(null);
        dispatch(
          noticeShown({ key: 'diagnostics', severity: 'info', message: 'Kitchen routing saved for the store: new tickets follow it' }),
        );
      } else setProblem(`Not saved: ${result.error.message}`);
    } finally {
      setSaving(false);
    }
  };
  const changed = JSON.stringify(draft) !== JSON.stringify(view.routing);
  dirty.current = changed;

  return (
    <section aria-labelledby="diag-routing" className="diag-card diag-wide">
      <h2 id="diag-routing">Kitchen routing</h2>
      <p className="placeholder" data-testid="routing-source">
        {sourceLine(view.source)}
      </p>
      <div className="routing-stations" role="group" aria-label="Kitchen stations">
        <ul role="list" className="routing-chips">
          {draft.stations.map((s) => (
            <li key={s} className="chip chip-ok">
              {s}{' '}
              <button type="button" className="small" aria-label={`Remove station ${s}`} onClick={() => removeStation(s)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <label>
          New station
          <input
            value={newStation}
            placeholder="e.g. fryer"
            onChange={(e) => setNewStation(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addStation())}
          />
        </label>
        <button type="button" className="small" onClick={addStation}>
          Add station
        </button>
      </div>
      <label className="routing-check">
        <input
          type="checkbox"
          checked={draft.fireChannelOrders}
          onChange={(e) => setDraft({ ...draft, fireChannelOrders: e.target.checked })}
        />
        Stations send web and mobile orders to the kitchen
      </label>
      <table className="routing-table">
        <caption>By category</caption>
        <tbody>
          {view.categories.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>
                <RouteSelect
                  label={`Station for ${c.name}`}
                  value={toChoice(draft.byCategory[c.name])}
                  stations={draft.stations}
                  inheritLabel="As the catalog says"
                  onChange={(v) => setDraft({ ...draft, byCategory: withChoice(draft.byCategory, c.name, v) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>By item ({view.items.length})</summary>
        <table className="routing-table">
          <tbody>
            {view.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.name}{' '}
                  <span className="placeholder">
                    · {item.category} · now: {item.station ?? 'counter'}
                  </span>
                </th>
                <td>
                  <RouteSelect
                    label={`Station for ${item.name}`}
                    value={toChoice(draft.byItem[item.id])}
                    stations={draft.stations}
                    inheritLabel="As its category"
                    onChange={(v) => setDraft({ ...draft, byItem: withChoice(draft.byItem, item.id, v) })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {problem && <p className="diag-problem">{problem}</p>}
      <button type="button" disabled={!changed || saving} onClick={() => void save()}>
        {saving ? 'Saving…' : 'Save routing'}
      </button>
    </section>
  );
}
