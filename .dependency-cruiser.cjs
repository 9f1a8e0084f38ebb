/**
 * Folder dependency rules from the design brief (§3), default-deny: each production folder lists
 * what it may import; anything else fails `npm test`. Node built-ins are allowed only where the
 * brief allows Node. Test files (*.test.ts) are harnesses and may reach across folders.
 */
const notTest = '\\.test\\.tsx?$';
const pkgs = (...names) => `node_modules/(${names.map((n) => n.replace('/', '\\/')).join('|')})/`;

/** A rule that forbids everything from `folder` except the allowed paths. */
function onlyMayImport(folder, allowedPattern, { nodeBuiltins }) {
  return {
    name: `${folder}-allowed-imports`,
    comment: `${folder}/ may import only ${allowedPattern}${nodeBuiltins ? ' and node: built-ins' : ''} (design brief §3)`,
    severity: 'error',
    from: { path: `^${folder}/`, pathNot: `${notTest}|^renderer/vite\\.config\\.ts$` },
    to: {
      pathNot: `^(${allowedPattern})`,
      ...(nodeBuiltins ? { dependencyTypesNot: ['core'] } : {}),
    },
  };
}

module.exports = {
  forbidden: [
    onlyMayImport('shared', `shared/|${pkgs('zod', 'xstate')}`, { nodeBuiltins: false }),
    onlyMayImport('drivers', `shared/|drivers/|${pkgs('serialport', '@serialport/[^/]+', 'usb', 'node-thermal-printer', 'iconv-lite')}`, {
      nodeBuiltins: true,
    }),
    onlyMayImport(
      'electron',
      `shared/|drivers/|electron/|${pkgs('better-sqlite3', 'electron', 'electron-updater', 'ws', 'pino', 'zod', '@serialport/binding-mock', 'selfsigned', 'bonjour-service')}`,
      { nodeBuiltins: true },
    ),
    onlyMayImport(
      'renderer',
      `shared/|renderer/|${pkgs('react', 'react-dom', '@reduxjs/toolkit', 'react-redux', 'redux', 'xstate', '@xstate/react')}`,
      { nodeBuiltins: false },
    ),
    onlyMayImport(
      'server',
      `shared/|server/|${pkgs('fastify', '@fastify/[^/]+', 'pg', '@electric-sql/pglite', 'pino', 'zod', 'ws', 'prom-client', 'csv-parse', 'csv-stringify')}`,
      {
        nodeBuiltins: true,
      },
    ),
    // The deterministic simulation runs the real station and server code together in one process.
    onlyMayImport('sim', `shared/|drivers/|electron/|server/|sim/|${pkgs('ws')}`, { nodeBuiltins: true }),
    {
      name: 'electron-package-only-in-shell',
      comment: 'Only the Electron shell (main.ts, preload.ts, shell/) may import electron; the core runs under plain Node.',
      severity: 'error',
      from: { path: '^electron/', pathNot: '^electron/(main|preload)\\.ts$|^electron/shell/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make load order matter and layers blur.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a broken build waiting to happen.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-dependency',
      severity: 'error',
      comment: 'Import only packages declared in package.json, never a transitive one.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'production-not-to-dev-dependency',
      severity: 'error',
      comment: 'Shipped code must not import devDependencies (they are not packaged).',
      from: { path: '^(shared|drivers|electron|renderer|server)/', pathNot: `${notTest}|/vite\\.config\\.ts$|/testing/` },
      to: { dependencyTypes: ['npm-dev'], pathNot: '^node_modules/electron/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.tsbuild|test-results)/|/fixtures/' },
    tsPreCompilationDeps: true,
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
