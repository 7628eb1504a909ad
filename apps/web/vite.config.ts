/**
 * Vite config of the web UI: root apps/web, built into <repo>/dist/web (which apps/api serves),
 * `/api` and `/socket.io` proxied to the API in development.
 *
 * Deliberately free of imports: importing `vite` (even its types) or `node:*` would pull Node's
 * global types into apps/web/tsconfig.json, which checks this file together with browser code.
 */
const dirOf = (relative: string): string => decodeURIComponent(new URL(relative, import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

const webRoot = dirOf('.');
const repoRoot = dirOf('../..');
const apiTarget = 'http://localhost:3000';

export default {
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
        manualChunks: (id: string): string | undefined => (/node_modules\/(echarts|zrender)\//.test(id) ? 'echarts' : undefined),
      },
    },
  },
};
