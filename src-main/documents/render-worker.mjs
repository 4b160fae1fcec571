// Worker entry from the TypeScript sources (plain JS, so it loads without a TypeScript loader, as
// demo/segment-worker.mjs): registers tsx, then runs render-worker-entry.ts.
const { register } = await import('tsx/esm/api')
register()
await import(new URL('./render-worker-entry.ts', import.meta.url).href)
