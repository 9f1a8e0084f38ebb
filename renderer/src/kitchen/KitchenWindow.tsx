import { useActorRef } from '@xstate/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Clock } from '../../../shared/clock.js';
import { useBridge } from '../app/BridgeContext.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { noticeDismissed, noticeShown } from '../store/notices-slice.js';
import { orderChanged, orderSelectors } from '../store/orders-slice.js';
import type { RootState } from '../store/store.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { StationHeader } from '../ui/StationHeader.js';
import { StatusStrip } from '../ui/StatusStrip.js';
import { beep, unlockAudio } from './beep.js';
import { kdsActionsMachine, type TicketAction, type TicketCommand } from './kds-actions-machine.js';
import {
  allDayCounts,
  allLinesDone,
  canMarkLines,
  cardName,
  nextUndoneLine,
  ticketCode,
  allTickets,
  groupByOrder,
  isOnScreen,
  lineStation,
  routedStation,
  type UnfiredStation,
  needsAcknowledge,
  newTicketKeys,
  recentlyBumped,
  stationLabel,
  stationTickets,
  stationViewKey,
  stationsOf,
  ticketAge,
  timerColour,
  type KdsOrderGroup,
  type KdsTicket,
  type StationView,
  type TimerThresholds,
} from './kds-model.js';
import { initialNav, navigate } from './kds-nav.js';
import { loadKitchenSettings, saveKitchenSettings, type KitchenSettings, type SettingsStorage } from './kitchen-settings.js';
import { LastHeard } from './LastHeard.js';
import { CancelBanner, ChannelBadge, TicketLines, TicketMeta, TicketTimer, type ToggleLine } from './TicketParts.js';
import { useKitchenRouting } from './use-kitchen-routing.js';
import { useNow } from './use-now.js';
import { orderTypeLabel } from '../ui/labels.js';

const selectOrders = (s: RootState) => s.orders;

function localStore(): SettingsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

type Act = (command: TicketCommand, ticket: KdsTicket) => void;

function TicketButtons({ ticket, act, suffix }: { ticket: KdsTicket; act: Act; suffix: string }) {
  if (ticket.ticketId === null) return <p className="kds-unfired">Waiting for the station to fire this ticket</p>;
  const name = `ticket ${ticket.ticketNumber}${suffix}`;
  const allDone = allLinesDone(ticket);
  if (needsAcknowledge(ticket)) {
    return (
      <div className="kds-actions">
        <button type="button" className="ack" aria-label={`Acknowledge ${name}`} onClick={() => act('ticket.acknowledgeCancel', ticket)}>
          Acknowledge
        </button>
      </div>
    );
  }
  const canStart = ticket.status === 'queued' || ticket.status === 'recalled';
  return (
    <div className="kds-actions">
      {canStart && (
        <button type="button" aria-label={`Start ${name}`} onClick={() => act('ticket.start', ticket)}>
          Start
        </button>
      )}
      {ticket.status === 'in_progress' && (
        <button type="button" aria-label={`Ready ${name}`} onClick={() => act('ticket.ready', ticket)}>
          Ready
        </button>
      )}
      <button type="button" className={allDone ? 'bump all-done' : 'bump'} aria-label={`Bump ${name}`} onClick={() => act('ticket.bump', ticket)}>
        {allDone ? 'All done — Bump' : 'Bump'}
      </button>
    </div>
  );
}

function cardClass(colour: string, cancelled: boolean, focused: boolean): string {
  return `kds-card timer-border-${colour}${cancelled ? ' kds-cancelled' : ''}${focused ? ' kds-focused' : ''}`;
}

interface CardProps {
  index: number;
  focused: boolean;
  now: number;
  thresholds: TimerThresholds;
  act: Act;
  toggleLine: ToggleLine;
  onFocus: (index: number) => void;
}

/**
 * One kitchen ticket of one station. Named "Ticket N" for people and tests alike. Memoized: with 200
 * tickets on screen a push for one order must re-render one card (the ticket objects of unchanged
 * orders are reused by the model).
 */
const TicketCard = memo(function TicketCard({ ticket, index, focused, now, thresholds, act, toggleLine, onFocus }: CardProps & { ticket: KdsTicket }) {
  const age = ticketAge(ticket, now);
  const colour = timerColour(age, thresholds);
  const cancelled = needsAcknowledge(ticket);
  return (
    <article
      aria-label={cardName(ticket)}
      aria-current={focused ? 'true' : undefined}
      className={cardClass(colour, cancelled, focused)}
      tabIndex={focused ? 0 : -1}
      data-kds-index={index}
      onFocus={() => onFocus(index)}
    >
      <header className="kds-card-head">
        <span className="kds-position" aria-hidden="true">
          {index < 9 ? index + 1 : ''}
        </span>
        <span className="kds-number">#{ticketCode(ticket)}</span>
        <TicketTimer ageMs={age} colour={colour} />
      </header>
      {cancelled && <CancelBanner ticket={ticket} />}
      <TicketMeta ticket={ticket} showStation={false} />
      {ticket.orderNote && <p className="kds-note">Order note: {ticket.orderNote}</p>}
      <TicketLines lines={ticket.lines} {...(canMarkLines(ticket) ? { ticket, toggle: toggleLine } : {})} />
      <TicketButtons ticket={ticket} act={act} suffix="" />
    </article>
  );
});

type OrderCardProps = CardProps & { group: KdsOrderGroup; expo: boolean };

/** Groups are rebuilt on every change; a group whose tickets are the same objects renders the same. */
function sameOrderCard(a: OrderCardProps, b: OrderCardProps): boolean {
  const { group: ga, ...restA } = a;
  const { group: gb, ...restB } = b;
  const keys = Object.keys(restA) as (keyof typeof restA)[];
  if (keys.some((k) => restA[k] !== restB[k])) return false;
  return ga.allReady === gb.allReady && ga.firedAtMs === gb.firedAtMs && ga.tickets.length === gb.tickets.length && ga.tickets.every((t, i) => t === gb.tickets[i]);
}

/** "All" and expo: one card per order holding each station's part, still named "Ticket N". */
const OrderCard = memo(function OrderCard({ group, expo, index, focused, now, thresholds, act, toggleLine, onFocus }: OrderCardProps) {
  const age = Math.max(0, now - group.firedAtMs);
  const colour = timerColour(age, thresholds);
  const cancelled = group.tickets.some(needsAcknowledge);
  const first = group.tickets[0]!;
  const bumpable = group.tickets.filter((t) => t.ticketId !== null && !needsAcknowledge(t));
  return (
    <article
      aria-label={cardName(first)}
      aria-current={focused ? 'true' : undefined}
      className={cardClass(colour, cancelled, focused) + (expo && group.allReady ? ' kds-all-ready' : '')}
      tabIndex={focused ? 0 : -1}
      data-kds-index={index}
      onFocus={() => onFocus(index)}
    >
      <header className="kds-card-head">
        <span className="kds-position" aria-hidden="true">
          {index < 9 ? index + 1 : ''}
        </span>
        <span className="kds-number">#{ticketCode(first)}</span>
        <TicketTimer ageMs={age} colour={colour} />
      </header>
      <div className="kds-meta">
        <ChannelBadge ticket={first} />
        <span>{orderTypeLabel[first.orderType]}</span>
        {first.tableNumber && <span className="kds-table">Table {first.tableNumber}</span>}
        {first.customerName && <span className="kds-customer">{first.customerName}</span>}
      </div>
      {cancelled && <CancelBanner ticket={first} />}
      {first.orderNote && <p className="kds-note">Order note: {first.orderNote}</p>}
      {group.tickets.map((ticket) => (
        <section key={ticket.key} className="kds-part" aria-label={stationLabel(ticket.station)}>
          <TicketMeta ticket={ticket} showStation />
          <TicketLines lines={ticket.lines} {...(!expo && canMarkLines(ticket) ? { ticket, toggle: toggleLine } : {})} />
          {!expo && <TicketButtons ticket={ticket} act={act} suffix={` (${stationLabel(ticket.station)})`} />}
          {expo && needsAcknowledge(ticket) && <TicketButtons ticket={ticket} act={act} suffix={` (${stationLabel(ticket.station)})`} />}
        </section>
      ))}
      {expo && (
        <div className="kds-actions">
          <button
            type="button"
            className="bump"
            disabled={bumpable.length === 0}
            aria-label={`Bump order ${group.ticketNumber}`}
            onClick={() => bumpable.forEach((t) => act('ticket.bump', t))}
          >
            {group.allReady ? 'Bump order — all ready' : 'Bump order'}
          </button>
        </div>
      )}
    </article>
  );
}, sameOrderCard);

function SettingsPanel({ settings, onChange }: { settings: KitchenSettings; onChange: (s: KitchenSettings) => void }) {
  const setThreshold = (field: keyof TimerThresholds, raw: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) return;
    onChange({ ...settings, thresholds: { ...settings.thresholds, [field]: value } });
  };
  return (
    <form className="kds-settings" aria-label="Screen settings" onSubmit={(e) => e.preventDefault()}>
      <label>
        Amber after (minutes)
        <input type="number" min={1} max={120} inputMode="numeric" value={settings.thresholds.warnMinutes} onChange={(e) => setThreshold('warnMinutes', e.target.value)} />
      </label>
      <label>
        Red after (minutes)
        <input type="number" min={1} max={240} inputMode="numeric" value={settings.thresholds.lateMinutes} onChange={(e) => setThreshold('lateMinutes', e.target.value)} />
      </label>
      <label>
        Warn after silence (seconds)
        <input
          type="number"
          min={5}
          max={600}
          inputMode="numeric"
          value={settings.staleAfterSeconds}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v) && v > 0) onChange({ ...settings, staleAfterSeconds: v });
          }}
        />
      </label>
      <p className="kds-help">Keys: ← → ↑ ↓ move · 1–9 pick · Enter/Space bump · S start · D ready · X next item done · R recall last · B recall list</p>
    </form>
  );
}

export function KitchenWindow({ clock, tickMs, storage }: { clock?: Clock; tickMs?: number; storage?: SettingsStorage | null }) {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const store = useMemo(() => (storage === undefined ? localStore() : storage), [storage]);
  const [settings, setSettingsState] = useState<KitchenSettings>(() => loadKitchenSettings(store));
  const setSettings = useCallback(
    (next: KitchenSettings) => {
      setSettingsState(next);
      saveKitchenSettings(store, next);
    },
    [store],
  );
  const [showRecall, setShowRecall] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [nav, setNav] = useState(initialNav);
  const orderState = useAppSelector(selectOrders);
  const routing = useKitchenRouting();
  // A new array only when the orders (or routing) changed, not on every clock tick.
  const tickets = useMemo(() => allTickets(orderSelectors.selectAll(orderState), routing.unfired), [orderState, routing.unfired]);
  const now = useNow(clock, tickMs);

  const machine = useMemo(
    () =>
      kdsActionsMachine.provide({
        actions: {
          publishOrder: (_, { order }) => dispatch(orderChanged(order)),
          reportError: (_, { error }) => dispatch(noticeShown({ key: 'kitchen', severity: 'error', code: error.code, message: `The station refused that: ${error.message}` })),
          clearError: () => dispatch(noticeDismissed('kitchen')),
        },
      }),
    [dispatch],
  );
  const actions = useActorRef(machine, { input: { bridge } });
  const act: Act = useCallback(
    (command, ticket) => {
      if (ticket.ticketId === null) return;
      const action: TicketAction = { command, orderId: ticket.orderId, ticketId: ticket.ticketId };
      actions.send({ type: 'ACT', action });
    },
    [actions],
  );
  const toggleLine: ToggleLine = useCallback(
    (ticket, line) => {
      if (ticket.ticketId === null) return;
      const command = line.done ? 'ticket.lineUndone' : 'ticket.lineDone';
      actions.send({ type: 'ACT', action: { command, orderId: ticket.orderId, ticketId: ticket.ticketId, lineId: line.lineId } });
    },
    [actions],
  );

  const view = settings.view;
  const stations = useMemo(() => stationsOf(tickets, routing.stations), [tickets, routing.stations]);
  const stationOnly = view.kind === 'station' ? stationTickets(tickets, view.station) : [];
  const groups = useMemo(() => (view.kind === 'station' ? [] : groupByOrder(tickets)), [tickets, view.kind]);
  const inView = view.kind === 'station' ? tickets.filter((t) => t.station === view.station) : tickets;
  const counts = allDayCounts(inView);
  const bumped = recentlyBumped(inView);
  const cardCount = view.kind === 'station' ? stationOnly.length : groups.length;

  // A beep per batch of new tickets on this screen (not on the first load, not when muted).
  const seen = useRef<Set<string> | null>(null);
  const visibleKeys = inView.filter(isOnScreen);
  useEffect(() => {
    const current = visibleKeys;
    if (seen.current !== null && !settings.muted && newTicketKeys(seen.current, current).length > 0) beep();
    seen.current = new Set(current.map((t) => t.key));
  });

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

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target instanceof HTMLElement ? event.target : document.body;
    // Typing in settings, or pressing a focused button, is not bump-bar input.
    if (target.closest('input, select, textarea, form') || (target.tagName === 'BUTTON' && (event.key === 'Enter' || event.key === ' '))) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const result = navigate(nav, event.key, cardCount, columns());
    if (!result.handled) return;
    event.preventDefault();
    setNav(result.state);
    const c = result.command;
    switch (c.type) {
      case 'focus':
        focusCard(c.index);
        break;
      case 'bump':
      case 'start':
      case 'ready':
        for (const t of ticketsAt(c.index)) {
          if (needsAcknowledge(t)) act('ticket.acknowledgeCancel', t);
          else if (c.type === 'bump') act('ticket.bump', t);
          else if (c.type === 'start' && (t.status === 'queued' || t.status === 'recalled')) act('ticket.start', t);
          else if (c.type === 'ready' && t.status === 'in_progress') act('ticket.ready', t);
        }
        break;
      case 'itemDone': {
        // The first ticket of the card with an item left: in "all" cards, station parts in name order.
        const t = ticketsAt(c.index).find((x) => canMarkLines(x) && nextUndoneLine(x) !== undefined);
        const line = t && nextUndoneLine(t);
        if (t && line) toggleLine(t, line);
        break;
      }
      case 'recallLast':
        if (bumped[0]) act('ticket.recall', bumped[0]);
        break;
      case 'toggleRecall':
        setShowRecall((v) => !v);
        break;
      case 'none':
        break;
    }
  };

  // A bump bar is a keyboard nobody clicks first: keys are taken from the whole document, not only
  // from inside a focused card. The listener is attached once and always calls the latest handler.
  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      // A key press is a user gesture too: the new-ticket sound works on a screen nobody touches.
      unlockAudio();
      keyHandler.current(event);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const setView = (next: StationView) => {
    setNav(initialNav);
    setSettings({ ...settings, view: next });
  };
  const viewChoices: { view: StationView; label: string }[] = [
    { view: { kind: 'all' }, label: 'All' },
    ...stations.map((station) => ({ view: { kind: 'station', station } as StationView, label: stationLabel(station) })),
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
      <div className="kds-toolbar">
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
        <button type="button" aria-expanded={showSettings} onClick={() => setShowSettings((v) => !v)}>
          Settings
        </button>
      </div>
      <AlertRegion />
      {showSettings && <SettingsPanel settings={settings} onChange={setSettings} />}
      <div className="kds-body">
        <main className="kds-grid" ref={grid} aria-label={view.kind === 'expo' ? 'Expo' : view.kind === 'all' ? 'All tickets' : `${stationLabel(view.station)} tickets`}>
          {cardCount === 0 ? (
            <p className="empty">No open tickets</p>
          ) : view.kind === 'station' ? (
            stationOnly.map((ticket, index) => <TicketCard key={ticket.key} ticket={ticket} {...cardProps(index)} />)
          ) : (
            groups.map((group, index) => <OrderCard key={group.orderId} group={group} expo={view.kind === 'expo'} {...cardProps(index)} />)
          )}
        </main>
        <aside className="kds-side" aria-label="All day">
          <h2>All day</h2>
          {counts.length === 0 ? (
            <p className="empty">Nothing to make</p>
          ) : (
            <ul role="list" className="all-day">
              {counts.map((c) => (
                <li key={c.name}>
                  <span className="all-day-qty">{c.quantity}</span> {c.name}
                </li>
              ))}
            </ul>
          )}
          {showRecall && (
            <section id="kds-recall" className="kds-recall" aria-label="Recently bumped">
              <h2>Recently bumped</h2>
              {bumped.length === 0 ? (
                <p className="empty">Nothing bumped yet</p>
              ) : (
                <ul role="list">
                  {bumped.map((t) => (
                    <li key={t.key}>
                      <button type="button" aria-label={`Recall ticket ${t.ticketNumber} (${stationLabel(t.station)})`} onClick={() => act('ticket.recall', t)}>
                        #{ticketCode(t)} · {stationLabel(t.station)} · {t.lines.filter((l) => !l.voided).map((l) => `${l.quantity}× ${l.name}`).join(', ')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
