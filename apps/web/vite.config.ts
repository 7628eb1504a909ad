import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The web UI: root apps/web, built into <repo>/dist/web, which apps/api serves. */
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const apiTarget = 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  resolve: {
    alias: [{ find: /^@tianyan\/contracts$/, replacement: `${repoRoot}libs/contracts/src/index.ts` }],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        // ECharts + zrender change rarely: their own chunk stays cached across UI releases.
        manualChunks: (id) => (/node_modules\/(echarts|zrender)\//.test(id) ? 'echarts' : undefined),
      },
    },
  },
});
