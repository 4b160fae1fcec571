// Adds up vitest and Playwright JSON reports into the one closing line CI reads.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0, failed = 0, skipped = 0
const missing = []
// CI keeps only the tail of the output: name every failed test here, just above the totals line.
const failures = []
const firstLine = (m) => String(m ?? '').replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '').split('\n').find((l) => l.trim()) ?? ''
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) { if (!file.includes('external')) missing.push(file); continue }
  const r = JSON.parse(readFileSync(file, 'utf8'))
  if (r.stats) { // Playwright
    passed += r.stats.expected + (r.stats.flaky ?? 0); failed += r.stats.unexpected; skipped += r.stats.skipped
    // Say plainly what was skipped and why (e.g. the Electron e2e where no Electron binary is installed).
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) {
        if (t.status === 'unexpected') {
          const err = (t.results ?? []).flatMap((x) => x.errors ?? [x.error]).find(Boolean)
          failures.push(`${spec.file}:${spec.line} › ${spec.title} — ${firstLine(err?.message)}`)
        }
        if (t.status === 'skipped') {
          const why = (t.annotations ?? []).map((a) => a.description).filter(Boolean).join('; ')
          console.log(`skipped: ${spec.title}${why ? ` — ${why}` : ''}`)
        }
      }
      for (const child of suite.suites ?? []) walk(child)
    }
    for (const suite of r.suites ?? []) walk(suite)
  } else { // vitest
    passed += r.numPassedTests; failed += r.numFailedTests
    for (const f of r.testResults ?? []) {
      const name = String(f.name ?? '').replace(/^.*?\/test\//, 'test/')
      for (const a of f.assertionResults ?? []) {
        if (a.status === 'failed') failures.push(`${file}: ${name} › ${a.fullName} — ${firstLine(a.failureMessages?.[0])}`)
      }
      if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failures.push(`${file}: ${name} did not load — ${firstLine(f.message)}`)
    }
    // No vitest test here is skipped on purpose: one that did not run means its worker died (a crash) and
    // counts as failed; so does any test the report leaves unaccounted for.
    const unfinished = r.numTotalTests - r.numPassedTests - r.numFailedTests
    if (unfinished > 0) { console.log(`${file}: ${unfinished} test(s) did not finish (a test worker exited)`); failed += unfinished }
    // A file that failed to load has no tests but must still count as a failure.
    failed += (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length
  }
}
for (const f of failures) console.log(`FAILED ${f.slice(0, 400)}`)
for (const m of missing) { console.log(`missing report: ${m} (that suite did not run)`); failed++ }
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
