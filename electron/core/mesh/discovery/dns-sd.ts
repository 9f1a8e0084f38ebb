/** One service instance seen on the LAN, as the DNS-SD layer reports it (fields unvalidated). */
export interface DnsSdService {
  /** The instance name: stable for one announcement, so its goodbye can be matched. */
  name: string;
  port: unknown;
  /** The source address of the mDNS answer, when known. */
  referer: string | undefined;
  addresses: readonly unknown[];
  txt: unknown;
}

export interface DnsSdAdvert {
  name: string;
  type: string;
  port: number;
  txt: Record<string, string>;
}

export interface DnsSdBrowseEvents {
  up(service: DnsSdService): void;
  /** A goodbye (or TXT/SRV change that no longer matches): the instance left. */
  down(service: DnsSdService): void;
}

/**
 * The mDNS/DNS-SD layer behind peer discovery, so the mesh's use of it is tested without multicast.
 * Implementations never throw out of a callback and report their own failures to the logger.
 */
export interface DnsSd {
  advertise(advert: DnsSdAdvert): void;
  browse(type: string, events: DnsSdBrowseEvents): void;
  /** Asks the LAN again for the browsed type: an instance announced before browsing began may be missed. */
  requery(): void;
  close(): Promise<void>;
}
