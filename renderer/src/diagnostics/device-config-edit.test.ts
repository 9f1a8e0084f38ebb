import { describe, expect, it } from 'vitest';
import { SIMULATED_DEVICES } from '../../../shared/ipc/devices.js';
import { checkDraft, DEVICE_PRESETS, issuesFromMessage, prettyConfig } from './device-config-edit.js';

const preset = (id: string) => DEVICE_PRESETS.find((p) => p.id === id)!;

describe('device configuration editor', () => {
  it('names the JSON error, and each field the schema refuses', () => {
    expect(checkDraft('{ "printers": ')).toMatchObject({ ok: false, issues: [{ path: '(JSON)' }] });
    const check = checkDraft(JSON.stringify({ ...SIMULATED_DEVICES, printers: [{ id: 'receipt', transport: { kind: 'tcp', host: '' } }] }));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues.map((i) => i.path)).toEqual(['printers.0.transport.host']);
  });

  it('every preset turns the simulated set into a section that validates, without clashing ids', () => {
    for (const p of DEVICE_PRESETS) {
      const once = p.apply(structuredClone(SIMULATED_DEVICES));
      expect(checkDraft(prettyConfig(once)), p.id).toMatchObject({ ok: true });
      expect(checkDraft(prettyConfig(p.apply(once))), `${p.id} twice`).toMatchObject({ ok: true });
    }
  });

  it('the kitchen printer preset routes grill tickets to 192.168.1.50:9100 with the receipt printer as fallback', () => {
    const config = preset('network-kitchen-printer').apply(structuredClone(SIMULATED_DEVICES));
    expect(config.printers).toContainEqual(
      expect.objectContaining({ id: 'grill-printer', transport: { kind: 'tcp', host: '192.168.1.50', port: 9100 } }),
    );
    expect(config.routing).toMatchObject({ kitchen: { grill: { printer: 'grill-printer', fallback: 'receipt' } } });
  });

  it('reads a refused save back into field issues', () => {
    expect(
      issuesFromMessage(
        'The devices configuration was not saved:\nprinters.1.transport.port: Too big\nrouting.receipt.printer: no printer "x" is configured',
      ),
    ).toEqual([
      { path: 'printers.1.transport.port', message: 'Too big' },
      { path: 'routing.receipt.printer', message: 'no printer "x" is configured' },
    ]);
    expect(issuesFromMessage('disk full')).toEqual([{ path: '(devices)', message: 'disk full' }]);
  });
});
