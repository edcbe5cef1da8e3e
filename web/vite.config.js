// Vite builds the page into dist/, which `caravan serve` serves at /. During `npm run dev` the
// API calls go to a local `caravan serve` (CARAVAN_API, default http://127.0.0.1:8080).
import { defineConfig } from 'vite';

export default defineConfig({
  build: { outDir: 'dist', chunkSizeWarningLimit: 1200, sourcemap: false, rolldownOptions: { checks: { pluginTimings: false } } },
  server: { host: '127.0.0.1', proxy: { '/v1': process.env.CARAVAN_API ?? 'http://127.0.0.1:8080' } },
  // a generous timeout: the brute-force tests take seconds on a busy 2-core machine
  test: { include: ['test/**/*.test.js'], environment: 'node', testTimeout: 60000 },
});
