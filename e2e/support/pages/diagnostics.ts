import type { Locator, Page } from '@playwright/test';

/** The diagnostics window: the store network, devices, print jobs, the virtual printer's paper, logs, routing and device configuration. */
export class DiagnosticsWindow {
  /** The store mesh: each peer, and the events peers offered that were refused. */
  readonly storeNetwork: Locator;
  readonly peers: Locator;
  readonly refusedEvents: Locator;
  readonly devices: Locator;
  readonly printJobs: Locator;
  /** The print jobs, newest first. */
  readonly jobs: Locator;
  readonly virtualPrinterOutput: Locator;
  /** What the virtual printer printed, decoded, newest first. */
  readonly printedDocuments: Locator;
  readonly logs: Locator;
  readonly logOrderFilter: Locator;
  readonly logLines: Locator;
  readonly routing: Locator;
  readonly routingNewStation: Locator;
  readonly routingAddStation: Locator;
  readonly routingSave: Locator;
  readonly routingByItem: Locator;
  readonly deviceConfig: Locator;
  readonly deviceConfigEditor: Locator;
  readonly deviceConfigProblems: Locator;

  constructor(readonly page: Page) {
    this.storeNetwork = page.getByRole('region', { name: 'Store network' });
    this.peers = this.storeNetwork.getByRole('list', { name: 'Peers' }).getByRole('listitem');
    this.refusedEvents = this.storeNetwork.getByLabel('Refused events');
    this.devices = page.getByRole('region', { name: 'Devices' });
    this.printJobs = page.getByRole('region', { name: 'Print jobs' });
    this.jobs = this.printJobs.getByRole('listitem');
    this.virtualPrinterOutput = page.getByRole('region', { name: 'Virtual printer output' });
    this.printedDocuments = this.virtualPrinterOutput.getByRole('listitem');
    this.logs = page.getByRole('region', { name: 'Logs' });
    this.logOrderFilter = this.logs.getByLabel('Order');
    this.logLines = this.logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
    this.routing = page.getByRole('region', { name: 'Kitchen routing' });
    this.routingNewStation = this.routing.getByLabel('New station');
    this.routingAddStation = this.routing.getByRole('button', { name: 'Add station' });
    this.routingSave = this.routing.getByRole('button', { name: 'Save routing' });
    this.routingByItem = this.routing.getByText('By item');
    this.deviceConfig = page.getByRole('region', { name: 'Device configuration' });
    this.deviceConfigEditor = this.deviceConfig.getByLabel('Devices configuration (JSON)');
    this.deviceConfigProblems = this.deviceConfig.getByRole('list', { name: 'Configuration problems' });
  }

  /** A device's row, by its exact display name. */
  device(name: string): Locator {
    return this.devices.getByRole('listitem', { name, exact: true });
  }

  /** A store-network peer's row, by its station id (or its URL before it said its id). */
  peer(name: string): Locator {
    return this.storeNetwork.getByRole('listitem', { name, exact: true });
  }

  /** The kitchen station a menu category goes to. */
  routingStationFor(category: string): Locator {
    return this.routing.getByLabel(`Station for ${category}`);
  }

  /** An item's row in the routing table ("By item"). */
  routingItem(name: RegExp): Locator {
    return this.routing.getByRole('row', { name });
  }

  /** A saved-or-failed notice anywhere in the window. */
  notice(text: string): Locator {
    return this.page.getByRole('status').or(this.page.getByRole('alert')).filter({ hasText: text });
  }

  deviceConfigButton(name: string | RegExp): Locator {
    return this.deviceConfig.getByRole('button', { name });
  }

  deviceConfigPreset(name: RegExp): Locator {
    return this.deviceConfig.getByRole('group', { name: 'Presets' }).getByRole('button', { name });
  }

  deviceConfigMessage(text: string): Locator {
    return this.deviceConfig.getByText(text);
  }

  deviceConfigStatus(text: string): Locator {
    return this.deviceConfig.getByRole('status').filter({ hasText: text });
  }
}
