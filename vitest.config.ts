import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most tests wait (emulated Azure durations, spawned CLI processes), not compute: four workers keep a
    // 2-core machine busy where the default (cores - 1) would run the files one after another.
    maxWorkers: 4,
    // The emulator binds loopback; keep proxies from intercepting it.
    env: { NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
  },
});
