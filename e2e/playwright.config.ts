import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (the Electron binary and Playwright's own browsers
 * cannot be downloaded here) against the real station core in browser mode.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: process.env.E2E_RESULTS_DIR ? `${process.env.E2E_RESULTS_DIR}/playwright-artifacts` : '../test-results/playwright-artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  globalSetup: './global-setup.ts',
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.E2E_RESULTS_DIR ? `${process.env.E2E_RESULTS_DIR}/playwright.json` : '../test-results/playwright.json' },
    ],
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
