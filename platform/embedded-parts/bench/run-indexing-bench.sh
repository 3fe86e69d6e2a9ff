#!/usr/bin/env bash
# The local log path end to end (forward part + spool + BulkIndexer + OpenSearch, each its own JVM with the
# local platform's flags): prints the rate records are indexed at and checks none is lost or copied.
#   platform/embedded-parts/bench/run-indexing-bench.sh [--records N] [--rate R] [--c2] [--foreground] [--busy-share S]
# SKIP_BUILD=1 reuses the last build; MAVEN_ARGS passes e.g. -o -Dmaven.repo.local=...
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE_DIR=$(pwd)
ROOT=$(cd ../.. && pwd)
mkdir -p target
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building platform/embedded-parts"
  "$ROOT/mvnw" -q -B ${MAVEN_ARGS:-} -f "$ROOT/pom.xml" -pl platform/embedded-parts -am install -DskipTests > target/bench-build.log 2>&1 \
    || { echo "build failed: see target/bench-build.log" >&2; exit 1; }
  "$ROOT/mvnw" -q -B ${MAVEN_ARGS:-} -f "$ROOT/pom.xml" -pl platform/embedded-parts test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$MODULE_DIR/target/bench-classpath.txt" >> target/bench-build.log 2>&1 \
    || { echo "build failed: see target/bench-build.log" >&2; exit 1; }
fi
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.cd4ml.parts.IndexingBenchmark \
  --root "$ROOT" "$@"
