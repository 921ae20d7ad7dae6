import { defineConfig } from 'vitest/config';

/** Unit tests that read the build (dist/help.txt, the built CLI's start-up imports): they run with the built CLI. */
const NEEDS_BUILD = ['test/unit/cli-help-static.test.ts', 'test/unit/deps-startup.test.ts'];
/** In-process tests that replace a product module (vi.mock): they need a module graph of their own. */
const REPLACES_MODULES = ['test/integration/journal-failures.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Many tests wait (emulated Azure durations, spawned CLI processes), not compute: four workers keep a
    // 2-core machine busy where the default (cores - 1) would run the files one after another.
    maxWorkers: 4,
    // The emulator binds loopback; keep proxies from intercepting it.
    env: { NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
    // `npx vitest run --project <name>` runs one; `npm test` builds and runs them all.
    projects: [
      // Pure functions and in-memory fakes: no build, no emulator.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: NEEDS_BUILD, isolate: false } },
      // The product's code in this process against the in-process emulator: no build needed. Files share
      // their worker's loaded modules (isolate: false): importing the SDKs once per worker instead of once per
      // file halves the suite's CPU; nothing in src keeps state between commands (each test starts its own).
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/{integration,emulator,conformance}/**/*.test.ts'],
          exclude: REPLACES_MODULES,
          isolate: false,
        },
      },
      { extends: true, test: { name: 'integration-isolated', include: REPLACES_MODULES } },
      // The built CLI as a process (kill -9, signals, pipes, pty, start-up): needs `npm run build` first.
      { extends: true, test: { name: 'e2e', include: ['test/{e2e,reliability,live}/**/*.test.ts', ...NEEDS_BUILD] } },
    ],
  },
});
