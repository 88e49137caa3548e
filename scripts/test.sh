#!/usr/bin/env bash
# The whole test suite, on a fresh machine too: installs what the tests need when it is missing
# (node modules, Debian's Chromium and a CJK font, PostgreSQL 15 with RUM, nginx), type-checks, then
# runs every vitest project: the HTTP and browser suites once on SQLite and once on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing node modules (npm ci)"
  npm ci --no-audit --no-fund
fi

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then need+=(fontconfig fonts-wqy-microhei); fi
# PostgreSQL 15 for the dialect tests (a throwaway cluster each run; the package brings the postgres user).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && id postgres >/dev/null 2>&1 || need+=(postgresql)
# RUM: ranked full-text search inside the index (migration 0007 uses GIN when it is missing).
ls /usr/share/postgresql/15/extension/rum.control >/dev/null 2>&1 || need+=(postgresql-15-rum)
# nginx in front of two instances for the multi-instance test.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]} (Debian packages, for the browser and PostgreSQL tests)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== type check"
npx tsc -p tsconfig.json --noEmit

echo "== tests"
mkdir -p test-results
status=0
NO_COLOR=1 npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?

# The robustness runs in their short form (the fuzz run's is the vitest project `fuzz`): load on
# both engines, then kills of the app and of PostgreSQL under writes and of an import. Only for
# the whole suite: `npm test -- <filter>` runs just the vitest files asked for. Results go to
# bench/results/short/ (git ignores it); `npm run test:load` / `test:crash` run the full forms.
robust=""
if [ $# -eq 0 ]; then
  echo "== load, short form (bench/load.ts)"
  if LOAD_SHORT=1 npx tsx bench/load.ts; then robust+="load: passed"; else status=1; robust+="load: FAILED"; fi
  echo "== crash, short form (bench/crash.ts)"
  if CRASH_SHORT=1 npx tsx bench/crash.ts; then robust+=", crash: passed"; else status=1; robust+=", crash: FAILED"; fi
fi

# One plain closing line, whatever the reporters printed.
node -e '
const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests + r.numTodoTests ? `, ${r.numPendingTests + r.numTodoTests} skipped` : "") + (process.argv[1] ? `; ${process.argv[1]}` : ""));
' "$robust" || true
exit $status
