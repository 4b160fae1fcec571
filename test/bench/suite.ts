// npm run bench [-- --cases N --only list,docs,… --runs R]: every bench in turn, each at N cases (default
// 1,000,000, the issues' scale), each on its own fresh archive (DATABASE_URL set: databases on that server;
// otherwise embedded clusters), then one table of every figure an issue sets a target for, with the same
// run's floor and whether it was met. At 1,000,000 cases on 2 cores the whole suite takes hours (each bench
// seeds its archive): run one with `--only`, or the bench's own script (README, Benchmarks).
import { spawn } from 'node:child_process'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { met, type TargetFigure } from './targets'

const BENCHES: Record<string, { file: string; args: (n: number, runs?: string) => string[]; node?: string[] }> = {
  list: { file: 'list-bench.ts', args: (n, r) => ['--cases', String(n), ...(r ? ['--runs', r] : [])] },
  docs: { file: 'doc-bench.ts', args: (_n, r) => (r ? ['--runs', r] : []) },
  rootcause: { file: 'rootcause-bench.ts', args: (n, r) => ['--cases', String(n), ...(r ? ['--runs', r] : [])], node: ['--expose-gc'] },
  trends: { file: 'trends-bench.ts', args: (n, r) => ['--cases', String(n), ...(r ? ['--runs', r] : [])] },
  legal: { file: 'legal-bench.ts', args: (n, r) => ['--cases', String(n), ...(r ? ['--runs', r] : [])] },
  rectification: { file: 'rectification-bench.ts', args: (n, r) => ['--cases', String(n), ...(r ? ['--runs', r] : [])] },
  import: { file: 'import-bench.ts', args: (n) => ['--rows', String(n)] }
}

const { values } = parseArgs({ options: { cases: { type: 'string' }, only: { type: 'string' }, runs: { type: 'string' } } })
const N = Number(values.cases ?? 1_000_000)
if (!Number.isInteger(N) || N < 1) throw new Error(`--cases takes a whole number of cases, got ${values.cases}`)
const names = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(BENCHES)
const unknown = names.filter((n) => !BENCHES[n])
if (unknown.length) throw new Error(`--only: no bench named ${unknown.join(', ')} (there are ${Object.keys(BENCHES).join(', ')})`)

/** Runs one bench as a child process, its output passed through, and returns its target lines. */
function run(name: string): Promise<{ targets: TargetFigure[]; code: number; ms: number }> {
  const b = BENCHES[name]
  const t = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(b.node ?? []), '--import', 'tsx', `test/bench/${b.file}`, ...b.args(N, values.runs)], { stdio: ['ignore', 'pipe', 'inherit'] })
    const targets: TargetFigure[] = []
    let rest = ''
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk)
      const lines = (rest + chunk.toString('utf8')).split('\n')
      rest = lines.pop() ?? ''
      for (const l of lines) if (l.startsWith('TARGET ')) targets.push(JSON.parse(l.slice(7)) as TargetFigure)
    })
    child.on('close', (code) => resolve({ targets, code: code ?? 1, ms: performance.now() - t }))
  })
}

const all: TargetFigure[] = []
const failedBenches: string[] = []
for (const name of names) {
  console.log(`\n==== ${name} (${N.toLocaleString()} cases; load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`)
  const r = await run(name)
  console.log(`==== ${name}: ${(r.ms / 1000).toFixed(0)} s, exit ${r.code}`)
  if (r.code !== 0) failedBenches.push(name)
  all.push(...r.targets)
}

const fmt = (v: number, unit: string) => (unit === 'ratio' ? v.toFixed(2) : `${v.toFixed(1)} ${unit}`)
console.log(`\n==== targets at ${N.toLocaleString()} cases (load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`)
console.log('issue | figure | measured | floor (× floor) | target | met')
for (const t of all) {
  const floor = t.floor ? `${fmt(t.floor, t.unit)} (${(t.value / t.floor).toFixed(1)}×)` : '–'
  const target = t.reportOnly ? 'reported' : `${t.atLeast ? '≥' : '<'} ${fmt(t.limit, t.unit)}`
  const ok = met(t)
  console.log(`${t.issue} | ${t.figure} | ${fmt(t.value, t.unit)} | ${floor} | ${target} | ${ok === null ? '–' : ok ? 'yes' : 'NO'}${t.note ? ` (${t.note})` : ''}`)
}
if (failedBenches.length) console.log(`benches that failed: ${failedBenches.join(', ')}`)
process.exit(failedBenches.length ? 1 : 0)
