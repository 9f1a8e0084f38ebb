import type { KeyObject } from 'node:crypto';
import type { RevocationBody, SignedDocument } from '../../../shared/sync/mesh.js';
import type { Db } from '../db/open-database.js';
import { verifyRevocation } from './certificates.js';

/**
 * The store's revocations this station has heard, from the server or from a peer: each one verified
 * against the store key before it is kept, stored as signed so it can be passed on to peers that
 * have not heard it (revocations spread like events).
 */
export class RevocationStore {
  private readonly held = new Map<string, { document: SignedDocument; body: RevocationBody }>();
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      all: db.prepare<[], SignedDocument>('SELECT body, sig FROM mesh_revocations'),
      insert: db.prepare<[string, string]>('INSERT INTO mesh_revocations (body, sig) VALUES (?, ?) ON CONFLICT (body) DO NOTHING'),
    };
  }

  /** Reads what is stored, keeping only what this store's key signed (a re-paired store may have a new key). */
  load(storeKey: KeyObject, storeId: string): void {
    this.held.clear();
    for (const document of this.statements.all.all()) {
      const verified = verifyRevocation({ body: document.body, sig: document.sig }, storeKey, storeId);
      if (verified.ok) this.held.set(document.body, { document: { body: document.body, sig: document.sig }, body: verified.body });
    }
  }

  /** Verifies and keeps the new ones; returns those that were new here, and how many were refused and why. */
  add(
    documents: readonly SignedDocument[],
    storeKey: KeyObject,
    storeId: string,
  ): { added: { document: SignedDocument; body: RevocationBody }[]; refused: string[] } {
    const added: { document: SignedDocument; body: RevocationBody }[] = [];
    const refused: string[] = [];
    for (const document of documents) {
      if (this.held.has(document.body)) continue;
      const verified = verifyRevocation(document, storeKey, storeId);
      if (!verified.ok) {
        refused.push(verified.reason);
        continue;
      }
      this.statements.insert.run(document.body, document.sig);
      const entry = { document: { body: document.body, sig: document.sig }, body: verified.body };
      this.held.set(document.body, entry);
      added.push(entry);
    }
    return { added, refused };
  }

  bodies(): RevocationBody[] {
    return [...this.held.values()].map((r) => r.body);
  }

  documents(): SignedDocument[] {
    return [...this.held.values()].map((r) => r.document);
  }
}
