import { defineConfig } from 'vitest/config';

/** Unit tests that read the build (dist/help.txt, the built CLI's start-up imports): they run with the built CLI. */
const NEEDS_BUILD = ['test/unit/cli-help-static.test.ts', 'test/unit/deps-startup.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most tests wait (emulated Azure durations, spawned CLI processes), not compute: four workers keep a
    // 2-core machine busy where the default (cores - 1) would run the files one after another.
    maxWorkers: 4,
    // The emulator binds loopback; keep proxies from intercepting it.
    env: { NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
    // `npx vitest run --project <name>` runs one; `npm test` builds and runs all three.
    projects: [
      // Pure functions and in-memory fakes: no build, no emulator.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: NEEDS_BUILD } },
      // The product's code in this process against the in-process emulator: no build needed.
      { extends: true, test: { name: 'integration', include: ['test/{integration,emulator,conformance}/**/*.test.ts'] } },
      // The built CLI as a process (kill -9, signals, pipes, pty, start-up): needs `npm run build` first.
      { extends: true, test: { name: 'e2e', include: ['test/{e2e,reliability,live}/**/*.test.ts', ...NEEDS_BUILD] } },
    ],
  },
});
