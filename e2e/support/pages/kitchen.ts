import type { Locator, Page } from '@playwright/test';

/** The kitchen display (KDS): ticket cards, the station picker and the recall list. */
export class KitchenDisplay {
  readonly tickets: Locator;
  readonly stations: Locator;
  readonly noTickets: Locator;
  readonly recallButton: Locator;
  readonly recentlyBumped: Locator;

  constructor(readonly page: Page) {
    this.tickets = page.getByRole('article');
    this.stations = page.getByRole('group', { name: 'Station' });
    this.noTickets = page.getByText('No open tickets');
    this.recallButton = page.getByRole('button', { name: 'Recall' });
    this.recentlyBumped = page.getByRole('region', { name: 'Recently bumped' });
  }

  /** The screen remembers its view in localStorage; set it before the window loads. */
  static async rememberSettings(page: Page, settings: { view?: string; muted?: boolean }): Promise<void> {
    await page.addInitScript((saved) => localStorage.setItem('pos.kitchen.settings', JSON.stringify(saved)), settings);
  }

  /**
   * A ticket card by its number, whatever its channel. Counter sales and channel orders are numbered
   * apart, so where both are on screen name the channel: `'counter'`, or the badge (`'Web'`).
   */
  ticket(ticketNumber: number | string, channel?: string): Locator {
    if (channel === undefined) return this.page.getByRole('article', { name: `Ticket ${ticketNumber}` });
    const name = channel === 'counter' ? `Ticket ${ticketNumber}` : `Ticket ${ticketNumber} (${channel})`;
    return this.page.getByRole('article', { name, exact: true });
  }

  /** The cards of one station's view, e.g. `Grill`. */
  stationTickets(stationName: string): Locator {
    return this.page.getByRole('main', { name: `${stationName} tickets` }).getByRole('article');
  }

  /** A station's button in the picker (`Grill`, `Oven`). */
  stationButton(name: string): Locator {
    return this.stations.getByRole('button', { name, exact: true });
  }

  async showStation(name: string): Promise<void> {
    await this.stationButton(name).click();
  }

  lineButton(ticket: Locator, line: string): Locator {
    return ticket.getByRole('button', { name: line });
  }

  doneLines(ticket: Locator): Locator {
    return ticket.locator('li.kds-line.done');
  }

  /** An item line of a card, e.g. `1 × Club sandwich` (its mods, note and DONE/VOID tag inside). */
  line(ticket: Locator, line: string): Locator {
    return ticket
      .getByRole('listitem')
      .filter({ has: this.page.getByText(line) })
      .first();
  }

  /** The tag that tells a done item (`✓ DONE`) from a voided one (`VOID`) in words, not colour. */
  doneTag(line: Locator): Locator {
    return line.getByText('✓ DONE', { exact: true });
  }

  voidTag(line: Locator): Locator {
    return line.getByText('VOID', { exact: true });
  }

  /** A removal option, named `Without onion` and shown `− onion`. */
  removal(ticket: Locator, ingredient: string): Locator {
    return ticket.getByRole('listitem', { name: `Without ${ingredient}`, exact: true });
  }

  /** A paid extra, named `Extra: Cheddar` and shown `+ Cheddar`. */
  extra(ticket: Locator, option: string): Locator {
    return ticket.getByRole('listitem', { name: `Extra: ${option}`, exact: true });
  }

  allergyNotes(ticket: Locator): Locator {
    return ticket.getByRole('note', { name: 'Allergy note' });
  }

  /** Expo: each station's part of the order (`Grill: Ready`). */
  stationReadiness(ticket: Locator): Locator {
    return ticket.getByRole('list', { name: 'Station readiness' }).getByRole('listitem');
  }

  bumpOrderButton(ticket: Locator, ticketNumber: number | string): Locator {
    return ticket.getByRole('button', { name: `Bump order ${ticketNumber}` });
  }

  startButton(ticket: Locator, ticketNumber?: number | string): Locator {
    return ticket.getByRole('button', { name: ticketNumber === undefined ? /^Start ticket/ : `Start ticket ${ticketNumber}` });
  }

  bumpButton(ticket: Locator, ticketNumber: number | string): Locator {
    return ticket.getByRole('button', { name: `Bump ticket ${ticketNumber}` });
  }

  acknowledgeButton(ticket: Locator): Locator {
    return ticket.getByRole('button', { name: /^Acknowledge ticket/ });
  }

  /** The badge of the channel an order came from (`Web`). */
  channelBadge(ticket: Locator, channel: string): Locator {
    return ticket.getByText(channel, { exact: true });
  }

  /** How long a ticket's lines have waited. */
  waiting(ticket: Locator): Locator {
    return ticket.getByLabel(/^Waiting/);
  }

  recallTicketButton(ticketNumber: number | string): Locator {
    return this.recentlyBumped.getByRole('button', { name: new RegExp(`Recall ticket ${ticketNumber}`) });
  }
}
