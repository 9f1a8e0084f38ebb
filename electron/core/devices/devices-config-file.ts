import { existsSync, mkdirSync, openSync, closeSync, fsyncSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { DevicesConfig, devicesConfigIssues, type DevicesConfigIssue } from '../../../shared/ipc/devices.js';
import { StationConfig } from '../config.js';

export type SaveDevicesOutcome =
  | { ok: true; path: string }
  | { ok: false; reason: 'invalid'; issues: DevicesConfigIssue[] }
  | { ok: false; reason: 'file'; message: string };

/**
 * Puts `devices` into the station's config file, keeping every other section and unknown key as
 * written. Refuses, touching nothing, when the section does not validate, names a
 * device target outside the file's `deviceTargets` allowlist, names a logo that is not a readable
 * PNG, or the file would no longer start the station. The new file is written beside the old one and renamed over it, so a crash
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
  const logoIssues = logoFileIssues(devices);
  if (logoIssues.length > 0) return { ok: false, reason: 'invalid', issues: logoIssues };
  const next = { ...current, devices };
  // Another section edited by hand since start could keep the station from starting: say so, write nothing.
  const whole = StationConfig.safeParse(next);
  if (!whole.success) {
    // Device targets outside the allowlist are this section's fault: named like the schema's issues.
    const ours = whole.error.issues.filter((issue) => issue.path[0] === 'devices');
    if (ours.length > 0) {
      return {
        ok: false,
        reason: 'invalid',
        issues: ours.map((issue) => ({ path: issue.path.slice(1).join('.'), message: issue.message })),
      };
    }
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

/** Large enough for any receipt logo (a 576-dot-wide PNG is a few KiB), small enough never to stall a print. */
const MAX_LOGO_BYTES = 512 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Each printer's `logoFile` checked now, while the person saving can still fix it: an absolute path
 * to a readable PNG file of sensible size. (At start a logo that went missing since is printed
 * without, never a reason not to start: toDeviceSettings.)
 */
function logoFileIssues(devices: Record<string, unknown>): DevicesConfigIssue[] {
  const parsed = DevicesConfig.safeParse(devices);
  if (!parsed.success) return [];
  const issues: DevicesConfigIssue[] = [];
  parsed.data.printers.forEach((printer, i) => {
    if (printer.logoFile === undefined) return;
    const message = logoProblem(printer.logoFile);
    if (message) issues.push({ path: `printers.${i}.logoFile`, message });
  });
  return issues;
}

function logoProblem(path: string): string | undefined {
  if (!isAbsolute(path)) return `logo "${path}" must be an absolute path`;
  const unreadable = (error: unknown) => `logo "${path}" cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return `logo "${path}" is not a file`;
    if (stat.size > MAX_LOGO_BYTES) return `logo "${path}" is ${stat.size} bytes; at most ${MAX_LOGO_BYTES} bytes`;
    const head = readFileSync(path).subarray(0, PNG_SIGNATURE.length);
    return head.equals(PNG_SIGNATURE) ? undefined : `logo "${path}" is not a PNG file`;
  } catch (error) {
    return unreadable(error);
  }
}
