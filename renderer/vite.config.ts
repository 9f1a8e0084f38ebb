import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Node-side build config, deliberately outside the renderer tsconfig (which has no Node types).
export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the same build loads from file:// in Electron and from the station core over HTTP.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
  // The app imports ../shared directly.
  server: { fs: { allow: ['..'] } },
});
