/** Vite's build (`npm run build`, also run by the server when the sources are newer) and dev server for the Live Monitor and the capture page. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { appShellPlugin, SW_FILE } from './tools/app-shell-plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// `npm run dev:dashboard` talks to a server started with `npm start` on its default port.
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [appShellPlugin({ entry: 'main', worker: SW_FILE })],
  // Relative asset URLs: the Live Monitor works under a reverse proxy's sub-path (/cams/) too.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Two pages: the Live Monitor (/) and the browser as a camera (/capture); and the installed app's
    // service worker, at a fixed name beside index.html so that its scope is the page's folder.
    rolldownOptions: {
      input: { main: path.join(root, 'index.html'), capture: path.join(root, 'capture.html'), sw: path.join(root, 'src/app/sw.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? SW_FILE : 'assets/[name]-[hash].js') },
    },
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
