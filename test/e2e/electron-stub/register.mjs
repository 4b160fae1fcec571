// node --import ./test/e2e/electron-stub/register.mjs out/main/index.js — resolves `electron` to the stub.
import { register } from 'node:module'

register('data:text/javascript,' + encodeURIComponent(`
  export async function resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: ${JSON.stringify(new URL('./electron.mjs', import.meta.url).href)}, shortCircuit: true }
    return next(specifier, context)
  }`))
