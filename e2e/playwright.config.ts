// Browser tests: `npx playwright test -c e2e/playwright.config.ts`.
// The global setup starts a whole shop (PostgreSQL database, Temporal dev server with its UI, web,
// workers) in local payment mode; the app must be built first (`npx remix build`).
import { defineConfig, devices } from '@playwright/test';

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: '.',
  outputDir: '../.data/e2e-results',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    ...chromium,
    actionTimeout: 10_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // The buying specs run with and without JavaScript; the rest needs only one browser.
    { name: 'js', use: { javaScriptEnabled: true }, grepInvert: /@nojs-only/ },
    {
      name: 'nojs',
      use: { javaScriptEnabled: false },
      testMatch: /(buy|cart|account|admin|promo|unsubscribe|privacy|stock|catalog|tax|points|print-provider|membership)\.spec\.ts$/,
    },
  ],
});
