// Prints the suggester's accuracy on a labelled file (issue 11): demo-only, held-out demo, leave-one-out.
// npx tsx test/bench/rootcause-eval.ts [FILE] [--confusions]
import { evalFileReport, measure, readCaseFile } from '../../src-main/rootcause/eval'

const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/rootcause/labelled-cases.json'
const started = Date.now()
for (const line of evalFileReport(file)) console.log(line)
if (process.argv.includes('--confusions')) {
  const m = measure(readCaseFile(file))
  for (const [name, r] of [['demo-only', m.demoOnly], ['leave-one-out', m.leaveOneOut]] as const) {
    console.log(`${name} confusions (true→first suggested): ${[...r.confusions].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}×${v}`).join(' ')}`)
  }
}
console.error(`${Date.now() - started} ms`)
