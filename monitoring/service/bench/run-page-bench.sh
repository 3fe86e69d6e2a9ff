#!/usr/bin/env bash
# Benchmark of monitoring-service's page (issue 17's target: under 1 s with a month of hourly reports
# for 5 versions): the real monitoring-service jar on the real parts, the real registry with 5 versions
# (promotions and a rollback), 720 x 5 stored reports; times GET /models/{name} and the page's load in
# headless Chromium. Prints the figures.
#
#   monitoring/service/bench/run-page-bench.sh            # from anywhere
#   SKIP_BUILD=1 monitoring/service/bench/run-page-bench.sh
#   RUNS=60 ...                                           # timed requests (default 30)
#   MAVEN_REPO_LOCAL=/path/to/m2 ...                      # a Maven local repository other than ~/.m2
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE_DIR=$(pwd)
ROOT=$(cd ../.. && pwd)
MVN=("$ROOT/mvnw" -q -B -ntp ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL} -f "$ROOT/pom.xml")

mkdir -p target
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building monitoring-service, the services it watches and its test classpath"
  "${MVN[@]}" -pl monitoring/service -am install -DskipTests > target/page-bench-build.log 2>&1 \
    || { echo "build failed: see $MODULE_DIR/target/page-bench-build.log" >&2; exit 1; }
  "${MVN[@]}" -pl monitoring/service test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$MODULE_DIR/target/bench-classpath.txt" >> target/page-bench-build.log 2>&1 \
    || { echo "build failed: see $MODULE_DIR/target/page-bench-build.log" >&2; exit 1; }
fi
echo "== monitoring page with 720 x 5 stored reports"
exec java -Xmx1g -Dcd4ml.repository.root="$ROOT" -Druns="${RUNS:-30}" -Dopensearch.set.netty.runtime.available.processors=false \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.cd4ml.monitoring.bench.PageBenchmark
