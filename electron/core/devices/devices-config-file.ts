import { existsSync, mkdirSync, openSync, closeSync, fsyncSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DevicesConfig, devicesConfigIssues, type DevicesConfigIssue } from '../../../shared/ipc/devices.js';
import { StationConfig } from '../config.js';

export type SaveDevicesOutcome =
  | { ok: true; path: string }
  | { ok: false; reason: 'invalid'; issues: DevicesConfigIssue[] }
  | { ok: false; reason: 'file'; message: string };

/**
 * Puts `devices` into the station's config file, keeping every other section and unknown key as
 * written. Refuses, touching nothing, when the section does not validate or the file would no longer
 * start the station. The new file is written beside the old one and renamed over it, so a crash
 * leaves either the old file or the new one, never half of each.
 */
export function saveDevicesSection(path: string, devices: Record<string, unknown>): SaveDevicesOutcome {
  const issues = devicesConfigIssues(devices);
  if (issues.length > 0) return { ok: false, reason: 'invalid', issues };

  let current: Record<string, unknown> = {};
  if (existsSync(path)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      return { ok: false, reason: 'file', message: `${path} cannot be read as JSON (${(error as Error).message}); fix or remove it first` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, reason: 'file', message: `${path} must contain a JSON object; fix it first` };
    }
    current = parsed as Record<string, unknown>;
  }
  const next = { ...current, devices };
  // Another section edited by hand since start could keep the station from starting: say so, write nothing.
  const whole = StationConfig.safeParse(next);
  if (!whole.success) {
    return { ok: false, reason: 'file', message: `${path} would not start the station:\n${z.prettifyError(whole.error)}` };
  }

  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(next, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    return { ok: false, reason: 'file', message: `Could not write ${path}: ${(error as Error).message}` };
  }
  return { ok: true, path };
}

/**
 * The devices section the config file holds now, when it differs from the one in force (`running`):
 * saved since start and waiting for a restart. Undefined when they match, or the file has none or
 * does not validate (the station reports that at its next start).
 */
export function pendingDevicesSection(path: string, running: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const section = typeof file === 'object' && file !== null ? (file as Record<string, unknown>).devices : undefined;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return undefined;
  const parsed = DevicesConfig.safeParse(section);
  if (!parsed.success || JSON.stringify(parsed.data) === JSON.stringify(running)) return undefined;
  return section as Record<string, unknown>;
}
