import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const shared = { '@shared': resolve(__dirname, 'src-main/shared') }

// Our folders are not electron-vite's defaults, so every target names its entry explicitly.
export default defineConfig({
  main: {
    resolve: { alias: shared },
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          // A worker thread's entry must be a file of its own (documents/render-pool.ts looks for it).
          'render-worker-entry': resolve(__dirname, 'src-main/documents/render-worker-entry.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: shared },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or require node_modules: one self-contained CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias: { ...shared, '@renderer': resolve(__dirname, 'src-renderer') } },
    plugins: [vue()],
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false
    },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } }
    }
  }
})
