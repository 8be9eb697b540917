// Build of the three parts. main: two entries (Electron shell and the electron-free headless
// engine), dependencies external (native better-sqlite3/keytar stay in node_modules). preload: one
// self-contained CommonJS file, as a sandboxed preload must be. renderer: React, rooted at src/renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      // keytar is an optional dependency (it needs libsecret to build), so name it: a missing
      // module must fail at run time, where the secret-store fallback catches it, not at build time.
      externalizeDeps: { include: ['keytar'] },
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          engine: resolve(import.meta.dirname, 'src/main/engine.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // Bundle everything: a sandboxed preload can require nothing but `electron`.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
})
