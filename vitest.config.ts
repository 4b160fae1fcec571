import { defineConfig } from 'vitest/config'
import { resolve } from 'node:path'

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src-main/shared') } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/integration/global-setup.ts'],
    // A timeout here catches a hang, not slowness: the CLI tests spawn the real command several times (each start
    // loads TypeORM through tsx, seconds on a shared 2-core machine), so a loaded CI machine must not fail them.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Integration tests share one database server; files run one at a time.
    fileParallelism: false
  }
})
