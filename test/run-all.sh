#!/usr/bin/env bash
# The test command (npm test): type-check, lint, the unit and integration suites on the embedded server
# and — when DATABASE_URL is set — again on that server, then the Electron-free e2e in Chromium.
# Ends with one line of totals over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
status=0
step() { echo; echo "== $*"; }

step "type-check (vue-tsc, tsc)"
npm run -s typecheck || status=1
step "lint (eslint)"
npm run -s lint || status=1

step "unit + integration tests, embedded PostgreSQL"
env -u DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest-embedded.json || status=1

if [ -n "${DATABASE_URL:-}" ]; then
  step "unit + integration tests, DATABASE_URL server"
  npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest-external.json || status=1
else
  rm -f test-results/vitest-external.json
  echo; echo "DATABASE_URL is not set: the pass against an external server was skipped."
fi

step "build (electron-vite)"
npx electron-vite build >test-results/build.log 2>&1 || { cat test-results/build.log; status=1; }

step "e2e (Playwright, Chromium, browser mode)"
rm -f test-results/e2e.json
npx playwright test || status=1

node test/totals.mjs test-results/vitest-embedded.json test-results/vitest-external.json test-results/e2e.json || status=1
exit $status
