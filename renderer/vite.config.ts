// The renderer is served from app:// (and, in tests, from a page.route origin), so every
// asset URL is relative: base './'. Only the built files leave this folder.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Source maps would ship the source to anyone with the app; the tests read the built files.
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
