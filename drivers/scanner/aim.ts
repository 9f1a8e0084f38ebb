/**
 * AIM symbology identifiers ("]E0" EAN-13, "]C1" GS1-128, "]e0" DataBar, "]Q3" GS1 QR, ...) that some
 * scanners prefix to every code: "]" + symbology letter + modifier character.
 */
const AIM_PREFIX = /^\]([A-Za-z][0-9A-Za-z])/;

export function stripAimIdentifier(code: string): { code: string; symbologyId?: string } {
  const match = AIM_PREFIX.exec(code);
  if (!match?.[1]) return { code };
  return { code: code.slice(3), symbologyId: match[1] };
}
