#!/usr/bin/env bash
# Benchmark of monitoring-service's report: the one aggregation request a report sends
# (PredictionLogQuery.body) timed on a real OpenSearch (embedded-parts OpenSearchPart, in the benchmark's
# JVM) holding 100k, 1M and 3M logged predictions of the demo data's 13 features, loaded through _bulk
# with the platform's predictions index template. Median of 3 at each size, then the projection to 10M.
#
#   monitoring/service/bench/run-bench.sh                      # from anywhere
#   SIZES=100000,1000000 monitoring/service/bench/run-bench.sh  # fewer sizes
#   SKIP_BUILD=1 monitoring/service/bench/run-bench.sh          # classpath already built
#   MAVEN_REPO_LOCAL=/path/to/m2 ...                            # a Maven local repository other than ~/.m2
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE_DIR=$(pwd)
ROOT=$(cd ../.. && pwd)
SIZES=${SIZES:-100000,1000000,3000000}
HEAP=${HEAP:-2g}
MVN=("$ROOT/mvnw" -q -B -ntp ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL} -f "$ROOT/pom.xml")

mkdir -p target
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building monitoring-service and its test classpath"
  "${MVN[@]}" -pl monitoring/service -am install -DskipTests > target/bench-build.log 2>&1 \
    || { echo "build failed: see $MODULE_DIR/target/bench-build.log" >&2; exit 1; }
  "${MVN[@]}" -pl monitoring/service test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$MODULE_DIR/target/bench-classpath.txt" >> target/bench-build.log 2>&1 \
    || { echo "build failed: see $MODULE_DIR/target/bench-build.log" >&2; exit 1; }
fi
echo "== report query on OpenSearch at $SIZES predictions (heap $HEAP)"
exec java -Xmx"$HEAP" -Dcd4ml.repository.root="$ROOT" -Dopensearch.set.netty.runtime.available.processors=false \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.cd4ml.monitoring.bench.ReportBenchmark "$SIZES"
