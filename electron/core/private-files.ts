import { chmodSync, closeSync, existsSync, fchmodSync, mkdirSync, openSync } from 'node:fs';

/**
 * The station's data (window tokens, the signed-in staff session, orders, logs) is for the user the
 * station runs as. Modes are set explicitly after creating, so a permissive umask (022 on most
 * desktops) cannot make them readable by other accounts, and files an older version left readable
 * are tightened. On Windows, modes are ignored: the per-user profile directory protects them.
 */
export function privateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Creates the file 0600 if missing (empty), or tightens an existing one. */
export function privateFile(path: string): void {
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    return;
  }
  closeSync(openPrivateAppendFile(path));
}

/** Opens a file for appending, created 0600 (or tightened to it); returns the descriptor. */
export function openPrivateAppendFile(path: string): number {
  const fd = openSync(path, 'a', 0o600);
  fchmodSync(fd, 0o600);
  return fd;
}

/** Tightens the file if it exists (SQLite's -wal and -shm files, for instance). */
export function tightenIfPresent(path: string): void {
  if (existsSync(path)) chmodSync(path, 0o600);
}
