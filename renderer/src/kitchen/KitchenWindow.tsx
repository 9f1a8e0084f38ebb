import { useCallback, useMemo, useRef, useState } from 'react';
import type { Clock } from '../../../shared/clock.js';
import { orderSelectors } from '../store/orders-slice.js';
import { useAppSelector } from '../store/hooks.js';
import type { RootState } from '../store/store.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { StationHeader } from '../ui/StationHeader.js';
import { SoldOutPanel } from './SoldOutPanel.js';
import { StatusStrip } from '../ui/StatusStrip.js';
import { unlockAudio } from './beep.js';
import { bumpBarEffects, isBumpBarKey } from './bump-bar.js';
import {
  allDayCounts,
  allTickets,
  expoBumpBlocker,
  groupByOrder,
  isOnScreen,
  recentlyBumped,
  stationLabel,
  stationTickets,
  stationViewKey,
  stationsOf,
  type KdsTicket,
  type StationView,
} from './kds-model.js';
import { initialNav, navigate } from './kds-nav.js';
import type { SettingsStorage } from './kitchen-settings.js';
import { KitchenSide } from './KitchenSide.js';
import { LastHeard } from './LastHeard.js';
import { OrderCard } from './OrderCard.js';
import { SettingsPanel } from './SettingsPanel.js';
import { TicketCard } from './TicketCard.js';
import { useDocumentKeys } from './use-document-keys.js';
import { useKitchenRouting } from './use-kitchen-routing.js';
import { useKitchenSettings } from './use-kitchen-settings.js';
import { useNewTicketBeep } from './use-new-ticket-beep.js';
import { useNow } from './use-now.js';
import { useTicketActions } from './use-ticket-actions.js';

const selectOrders = (s: RootState) => s.orders;

export function KitchenWindow({ clock, tickMs, storage }: { clock?: Clock; tickMs?: number; storage?: SettingsStorage | null }) {
  const [settings, setSettings] = useKitchenSettings(storage);
  const [showRecall, setShowRecall] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [showSoldOut, setShowSoldOut] = useState(false);
  const [nav, setNav] = useState(initialNav);
  const orderState = useAppSelector(selectOrders);
  const routing = useKitchenRouting();
  // A new array only when the orders (or routing) changed, not on every clock tick.
  const tickets = useMemo(() => allTickets(orderSelectors.selectAll(orderState), routing.unfired), [orderState, routing.unfired]);
  const now = useNow(clock, tickMs);
  const { act, toggleLine } = useTicketActions();

  const view = settings.view;
  const stations = useMemo(() => stationsOf(tickets, routing.stations), [tickets, routing.stations]);
  const stationOnly = view.kind === 'station' ? stationTickets(tickets, view.station) : [];
  const groups = useMemo(() => (view.kind === 'station' ? [] : groupByOrder(tickets)), [tickets, view.kind]);
  const inView = view.kind === 'station' ? tickets.filter((t) => t.station === view.station) : tickets;
  const counts = allDayCounts(inView);
  const bumped = recentlyBumped(inView);
  const cardCount = view.kind === 'station' ? stationOnly.length : groups.length;

  useNewTicketBeep(inView.filter(isOnScreen), settings.muted);

  const grid = useRef<HTMLDivElement>(null);
  const focusCard = (index: number) => {
    const el = grid.current?.querySelector<HTMLElement>(`[data-kds-index="${index}"]`);
    el?.focus();
  };
  const columns = () => {
    const cards = [...(grid.current?.querySelectorAll<HTMLElement>('[data-kds-index]') ?? [])];
    if (cards.length === 0) return 1;
    const top = cards[0]!.offsetTop;
    return Math.max(1, cards.filter((c) => c.offsetTop === top).length);
  };
  const ticketsAt = (index: number): KdsTicket[] =>
    view.kind === 'station' ? (stationOnly[index] ? [stationOnly[index]] : []) : (groups[index]?.tickets ?? []);
  // Expo sends an order out whole: the bump bar, like the card's button, waits for every station.
  const canBump = (index: number): boolean =>
    view.kind !== 'expo' || (groups[index] !== undefined && expoBumpBlocker(groups[index]) === undefined);

  useDocumentKeys((event) => {
    const target = event.target instanceof HTMLElement ? event.target : document.body;
    const press = {
      key: event.key,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      altKey: event.altKey,
      inForm: target.closest('input, select, textarea, form') !== null,
      onButton: target.tagName === 'BUTTON',
    };
    if (!isBumpBarKey(press)) return;
    const result = navigate(nav, event.key, cardCount, columns());
    if (!result.handled) return;
    event.preventDefault();
    setNav(result.state);
    for (const effect of bumpBarEffects(result.command, ticketsAt, bumped, canBump)) {
      if (effect.type === 'focus') focusCard(effect.index);
      else if (effect.type === 'act') act(effect.command, effect.ticket);
      else if (effect.type === 'toggleLine') toggleLine(effect.ticket, effect.line);
      else setShowRecall((v) => !v);
    }
  });

  const setView = (next: StationView) => {
    setNav(initialNav);
    setSettings({ ...settings, view: next });
  };
  const viewChoices: { view: StationView; label: string }[] = [
    { view: { kind: 'all' }, label: 'All' },
    ...stations.map((station) => ({ view: { kind: 'station' as const, station }, label: stationLabel(station) })),
    { view: { kind: 'expo' }, label: 'Expo' },
  ];
  if (view.kind === 'station' && !stations.includes(view.station)) viewChoices.splice(1, 0, { view, label: stationLabel(view.station) });

  const onCardFocus = useCallback((i: number) => setNav((current) => (current.focus === i ? current : { focus: i })), []);
  const cardProps = (index: number) => ({
    index,
    focused: nav.focus === index,
    now,
    thresholds: settings.thresholds,
    act,
    toggleLine,
    onFocus: onCardFocus,
  });

  return (
    <div className="window kitchen kds" onPointerDown={unlockAudio}>
      <StationHeader title="Kitchen">
        <span className="ticket-count">{cardCount === 1 ? '1 ticket' : `${cardCount} tickets`}</span>
        <LastHeard nowMs={now} staleAfterMs={settings.staleAfterSeconds * 1000} />
        <StatusStrip canSync={false} problemsOnly />
      </StationHeader>
      {/* A landmark of its own, so every control on the screen is inside one (axe: region). */}
      <nav className="kds-toolbar" aria-label="Kitchen screen">
        <div role="group" aria-label="Station" className="kds-stations">
          {viewChoices.map((choice) => (
            <button
              key={stationViewKey(choice.view)}
              type="button"
              aria-pressed={stationViewKey(choice.view) === stationViewKey(view)}
              onClick={() => setView(choice.view)}
            >
              {choice.label}
            </button>
          ))}
        </div>
        <button type="button" aria-expanded={showRecall} aria-controls="kds-recall" onClick={() => setShowRecall((v) => !v)}>
          Recall
        </button>
        <button type="button" aria-pressed={settings.muted} onClick={() => setSettings({ ...settings, muted: !settings.muted })}>
          {settings.muted ? 'Sound off' : 'Sound on'}
        </button>
        <button type="button" aria-expanded={showSoldOut} onClick={() => setShowSoldOut((v) => !v)}>
          Sold out
        </button>
        <button type="button" aria-expanded={showSettings} onClick={() => setShowSettings((v) => !v)}>
          Settings
        </button>
      </nav>
      <AlertRegion />
      {showSettings && <SettingsPanel settings={settings} onChange={setSettings} />}
      {showSoldOut && <SoldOutPanel />}
      <div className="kds-body">
        <main
          className="kds-grid"
          ref={grid}
          aria-label={view.kind === 'expo' ? 'Expo' : view.kind === 'all' ? 'All tickets' : `${stationLabel(view.station)} tickets`}
        >
          {cardCount === 0 ? (
            <p className="empty">No open tickets</p>
          ) : view.kind === 'station' ? (
            stationOnly.map((ticket, index) => <TicketCard key={ticket.key} ticket={ticket} {...cardProps(index)} />)
          ) : (
            groups.map((group, index) => <OrderCard key={group.orderId} group={group} expo={view.kind === 'expo'} {...cardProps(index)} />)
          )}
        </main>
        <KitchenSide counts={counts} bumped={bumped} showRecall={showRecall} act={act} />
      </div>
    </div>
  );
}
