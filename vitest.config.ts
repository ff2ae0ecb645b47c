import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 180_000, // room for a machine 3x slower or busy; speed targets live in the bench, not here
    hookTimeout: 120_000,
    globalSetup: ['tests/support/postgres-global.ts', 'tests/support/sweep-global.ts'],
  },
});
