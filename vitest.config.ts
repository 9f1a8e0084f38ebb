import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,drivers,electron,server,renderer,scripts,bench,sim}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests open real SQLite files, PGlite directories and loopback sockets; two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
