// `npm run web`: Dossier in a browser, on 127.0.0.1 only, over the same handlers as the desktop app.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { startBackend } from './app/startup'
import { startWebServer } from './transport/http'
import { redeemDownload, redeemExport } from './documents/download-tickets'
import { redeemErrorFile } from './import/files'
import { redeemBatchFile } from './documents/batch-files'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const staticDir = join(root, 'out', 'renderer')
if (!existsSync(join(staticDir, 'index.html'))) {
  console.error('The renderer is not built: run `npm run build` (npm run web does it for you).')
  process.exit(1)
}
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
const backend = await startBackend({ version }).catch((err: Error) => {
  // A refusal (another app holds the data folder) or a server that will not start: one line, no stack.
  console.error(`Dossier could not start: ${err.message}`)
  process.exit(1)
})
const web = await startWebServer({
  dispatch: backend.dispatch, sessions: backend.ctx.sessions, staticDir,
  files: (id, ticket) => redeemDownload(backend.ctx, id, ticket),
  exports: (ticket) => Promise.resolve(redeemExport(backend.ctx, ticket)),
  importErrors: (id, ticket) => redeemErrorFile(backend.ctx, id, ticket),
  batches: (id, ticket) => redeemBatchFile(backend.ctx, id, ticket),
  port: process.env.DOSSIER_PORT ? Number(process.env.DOSSIER_PORT) : undefined,
  token: process.env.DOSSIER_TOKEN
})
console.log(`Dossier (${backend.db.kind} database) is at ${web.url}`)
let stopping = false
const stop = async (): Promise<void> => {
  if (stopping) return
  stopping = true
  await web.close()
  await backend.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
