#!/usr/bin/env node
// `dossier` (npx dossier …, or npm run dossier -- …): the CLI from its TypeScript sources.
import { register } from 'tsx/esm/api'

register()
await import('../src-main/cli/index.ts')
