/** Vite's build (`npm run build`, also run by the server when the sources are newer) and dev server for the Live Monitor and the capture page. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// `npm run dev:dashboard` talks to a server started with `npm start` on its default port.
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  // Relative asset URLs: the Live Monitor works under a reverse proxy's sub-path (/cams/) too.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Two pages: the Live Monitor (/) and the browser as a camera (/capture).
    rolldownOptions: { input: { main: path.join(root, 'index.html'), capture: path.join(root, 'capture.html') } },
  },
  server: {
    proxy: {
      '/socket.io': { target: server, ws: true },
      '/api': server,
    },
    // The dashboard imports ../shared, which lies outside its root.
    fs: { allow: [repoRoot] },
  },
});
