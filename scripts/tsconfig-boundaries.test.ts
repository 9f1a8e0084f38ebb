import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Type-checks one in-memory file as if it lived in `folder`, with that folder's own tsconfig. */
function diagnosticsFor(folder: string, source: string, fileName = 'probe.ts'): string[] {
  const configPath = join(root, folder, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
  const options = { ...parsed.options, composite: false, noEmit: true, declaration: false, emitDeclarationOnly: false };
  const probe = join(root, folder, fileName);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => path === probe || ts.sys.fileExists(path);
  host.readFile = (path) => (path === probe ? source : readFile(path));
  host.getSourceFile = (path, language) =>
    path === probe ? ts.createSourceFile(path, source, language, true) : getSourceFile(path, language);
  const program = ts.createProgram({ rootNames: [probe], options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === probe)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('per-folder compiler boundaries', () => {
  it.each(['shared', 'drivers', 'electron', 'server'])('DOM globals do not compile in %s/', (folder) => {
    expect(diagnosticsFor(folder, 'export const title = document.title;\n').join('\n')).toMatch(/Cannot find name 'document'/);
  });

  it.each(['shared', 'renderer'])('Node globals do not compile in %s/', (folder) => {
    const file = folder === 'renderer' ? 'src/probe.ts' : 'probe.ts';
    const messages = diagnosticsFor(folder, "export const bytes = Buffer.from('x');\nexport const env = process.env;\n", file).join('\n');
    expect(messages).toMatch(/Cannot find name 'Buffer'/);
    expect(messages).toMatch(/Cannot find name 'process'/);
  });

  it('lets each folder use what it is for', () => {
    expect(diagnosticsFor('drivers', "export const bytes = Buffer.from('x');\n")).toEqual([]);
    expect(diagnosticsFor('renderer', 'export const title = document.title;\n', 'src/probe.ts')).toEqual([]);
    expect(diagnosticsFor('shared', 'export const sum = [1, 2].reduce((a, b) => a + b, 0);\n')).toEqual([]);
  });
});
