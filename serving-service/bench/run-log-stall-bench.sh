#!/usr/bin/env bash
# The long variant of ServingFaultComponentTest: serving production at the benchmark's rate (wrk -t2 -c16,
# unthrottled) while its forward receiver hangs for STALL seconds (default 60; FAULT=cut closes connections
# instead), through a FaultProxy the launcher (ServingBenchmark, BENCH_FORWARD_PROXY=1) puts in front of it.
# Prints the prediction rate during the run, non-2xx answers, and the log records emitted / sent / spilled /
# dropped by serving and received by the receiver once the spill has drained.
#   serving-service/bench/run-log-stall-bench.sh            # STALL=60 FAULT=stall WARMUP=20 AFTER=30
# SKIP_BUILD=1 reuses the last build (needs mvn -pl registry-service,serving-service -am package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE_DIR=$(pwd)
ROOT=$(cd .. && pwd)
BENCH_DIR=${BENCH_DIR:-$MODULE_DIR/target/bench-stall}
STALL=${STALL:-60}
FAULT=${FAULT:-stall}
WARMUP=${WARMUP:-20}
AFTER=${AFTER:-30}
LAUNCHER_PID=""
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
cleanup() {
  if [[ -n "$LAUNCHER_PID" ]]; then kill "$LAUNCHER_PID" 2>/dev/null || true; wait "$LAUNCHER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
mkdir -p target "$BENCH_DIR"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building registry-service and serving-service"
  "$ROOT/mvnw" -q -B ${MAVEN_ARGS:-} -f "$ROOT/pom.xml" -pl registry-service,serving-service -am package -DskipTests > target/bench-build.log 2>&1 \
    || { echo "build failed: see target/bench-build.log" >&2; exit 1; }
fi
"$ROOT/mvnw" -q -B ${MAVEN_ARGS:-} -f "$ROOT/pom.xml" -pl serving-service test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$MODULE_DIR/target/bench-classpath.txt" >> target/bench-build.log 2>&1 \
  || { echo "build failed: see target/bench-build.log" >&2; exit 1; }
rm -f "$BENCH_DIR/bench.env"
echo "== starting the launcher (real parts + registry + serving; the forward receiver behind a FaultProxy)"
BENCH_DIR="$BENCH_DIR" BENCH_FORWARD_PROXY=1 java -Xmx768m -cp "target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.cd4ml.serving.bench.ServingBenchmark > "$BENCH_DIR/launcher.log" 2>&1 &
LAUNCHER_PID=$!
for _ in $(seq 1 300); do
  [[ -f "$BENCH_DIR/bench.env" ]] && break
  kill -0 "$LAUNCHER_PID" 2>/dev/null || { echo "launcher died: see $BENCH_DIR/launcher.log" >&2; exit 1; }
  sleep 1
done
# shellcheck disable=SC1090
source "$BENCH_DIR/bench.env"
export BODY_FILE="$BENCH_DIR/row.json"
metric() { curl -s -H 'Accept: text/plain' "$SERVING/q/metrics" | awk -v m="$1" '$1 == m {printf "%.0f", $2}'; }

echo "== warm-up ${WARMUP}s"
wrk -t2 -c16 -d"${WARMUP}s" -s bench/post.lua "$SERVING/predictions" > /dev/null
TOTAL=$((10 + STALL + AFTER))
echo "== ${TOTAL}s of load: ${FAULT} of the forward receiver from 10 s to $((10 + STALL)) s"
wrk -t2 -c16 -d"${TOTAL}s" --latency -s bench/post.lua "$SERVING/predictions" > "$BENCH_DIR/wrk-stall.txt" &
WRK_PID=$!
sleep 10
echo "$FAULT" > "$BENCH_DIR/forward-fault"
MAX_SPILL=0
for _ in $(seq 1 "$STALL"); do
  sleep 1
  s=$(metric cd4ml_prediction_log_spill_bytes); [[ -n "$s" && "$s" -gt "$MAX_SPILL" ]] && MAX_SPILL=$s
done
echo "heal" > "$BENCH_DIR/forward-fault"
HEALED_AT=$(date +%s)
for _ in $(seq 1 "$AFTER"); do
  sleep 1
  s=$(metric cd4ml_prediction_log_spill_bytes); [[ -n "$s" && "$s" -gt "$MAX_SPILL" ]] && MAX_SPILL=$s
done
wait "$WRK_PID"
echo "== waiting for the spill to drain"
DRAINED=""
for _ in $(seq 1 600); do
  if [[ "$(metric cd4ml_prediction_log_spill)" == "0" && "$(metric cd4ml_prediction_log_queue)" == "0" ]]; then DRAINED=$(date +%s); break; fi
  sleep 1
done
sleep 3 # Fluency's last chunks and their acks
# Totals of the instance (warm-up included): only this instance sends to the receiver.
E=$(metric cd4ml_prediction_log_emitted_total)
D=$(metric cd4ml_prediction_log_dropped_total)
R=$(cat "$BENCH_DIR/forward-received.txt")
S=$(metric cd4ml_prediction_log_spilled_total)
SENT=$(metric cd4ml_prediction_log_sent_total)
ERRS=$(metric cd4ml_prediction_log_send_errors_total)
if [[ -n "$DRAINED" ]]; then DRAIN_LINE="$((DRAINED - HEALED_AT)) s after the heal"; else DRAIN_LINE="not within 600 s of the heal"; fi
W=$(cat "$BENCH_DIR/wrk-stall.txt")
RPS=$(echo "$W" | awk '/Requests\/sec/ {print $2}')
P99=$(echo "$W" | awk '$1=="99%" {print $2}')
NON=$(echo "$W" | awk '/Non-2xx/ {print $NF}')
SOCK=$(echo "$W" | awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}')
cat <<REPORT | tee "$BENCH_DIR/report.txt"

prediction log under a ${STALL} s ${FAULT} of the forward receiver ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))
  POST /predictions during the ${TOTAL} s run: ${RPS} req/s, p99 ${P99}, non-2xx ${NON:-0}, socket errors ${SOCK:-0}
  records of the instance (warm-up included): emitted ${E}, received by the forward receiver ${R}, dropped ${D};
  emitted - dropped - received = $((E - D - R)) (negative: copies of chunks sent again as new chunks)
  spilled to disk ${S}, most on disk at once $((MAX_SPILL / 1048576)) MiB; sent ${SENT}; failed send attempts ${ERRS}
  spill drained: ${DRAIN_LINE}
REPORT
