#!/usr/bin/env bash
# Benchmark of serving-service: single-row POST /predictions at 16 connections (wrk -t2 -c16, 15 s after a
# warm-up) beside the no-op JSON endpoint of the same stack, the same with Fluentd logging off, the same
# instance with explanation sampling off (PUT /bench/explain-sample-rate?rate=0) against $SAMPLE_RATE, a 10,000-row
# batch, 10 promotions during a run, a 10 % canary, and a role required on /predictions against the open endpoint (the
# same instance, switched by PUT /bench/predictions-role). Runs against a running production serving instance described by
# $BENCH_ENV (written by ServingBenchmark); without one, it builds and starts that launcher itself and
# stops it at the end.
#
#   serving-service/bench/run-bench.sh            # from the repository root
#   SKIP_BUILD=1 serving-service/bench/run-bench.sh   # jars already built
#   SKIP_LAUNCH=1 BENCH_ENV=.../bench.env serving-service/bench/run-bench.sh   # instances already up
#   serving-service/bench/run-bench.sh --local [URL]   # the local platform's production instance (deploy/local/platform
#                                                      # start), logs indexed into OpenSearch on the same cores;
#                                                      # logging off = POST /bench/predictions-unlogged there;
#                                                      # promotions between two versions the platform released
#                                                      # (a second is released first when there is only one)
set -euo pipefail
LOCAL_URL=""
if [[ "${1:-}" == "--local" ]]; then
  LOCAL_URL=${2:-http://127.0.0.1:8085}
fi
cd "$(dirname "$0")/.."
MODULE_DIR=$(pwd)
ROOT=$(cd .. && pwd)
BENCH_DIR=${BENCH_DIR:-$MODULE_DIR/target/bench}
BENCH_ENV=${BENCH_ENV:-$BENCH_DIR/bench.env}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-30s}
ROUNDS=${ROUNDS:-5}
ROLE_ROUNDS=${ROLE_ROUNDS:-6}
SAMPLE_RATE=${SAMPLE_RATE:-0.01}
LAUNCHER_PID=""

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

cleanup() {
  if [[ -n "$LAUNCHER_PID" ]]; then
    kill "$LAUNCHER_PID" 2>/dev/null || true
    wait "$LAUNCHER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [[ -n "$LOCAL_URL" || -z "${SKIP_LAUNCH:-}" ]]; then
  mkdir -p target "$BENCH_DIR"
  : > target/bench-build.log
  if [[ -z "$LOCAL_URL" && -z "${SKIP_BUILD:-}" ]]; then
    echo "== building registry-service and serving-service"
    "$ROOT/mvnw" -q -f "$ROOT/pom.xml" -pl registry-service,serving-service -am package -DskipTests >> target/bench-build.log 2>&1 \
      || { echo "build failed: see target/bench-build.log" >&2; exit 1; }
  fi
  "$ROOT/mvnw" -q -f "$ROOT/pom.xml" -pl serving-service test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$MODULE_DIR/target/bench-classpath.txt" >> target/bench-build.log 2>&1 \
    || { echo "build failed: see target/bench-build.log" >&2; exit 1; }
  rm -f "$BENCH_ENV"
  CLASSPATH_ARG="target/test-classes:$(cat target/bench-classpath.txt)"
  if [[ -n "$LOCAL_URL" ]]; then
    echo "== writing request bodies for the model the local platform serves at $LOCAL_URL"
    CD4ML_RUN_DIR=${CD4ML_RUN_DIR:-$ROOT/.run} java -cp "$CLASSPATH_ARG" dev.cd4ml.serving.bench.ServingBenchmark --local "$LOCAL_URL"
  else
    echo "== starting the launcher (real parts + registry + two serving instances)"
    java -Xmx768m -cp "$CLASSPATH_ARG" dev.cd4ml.serving.bench.ServingBenchmark > "$BENCH_DIR/launcher.log" 2>&1 &
    LAUNCHER_PID=$!
    for _ in $(seq 1 300); do
      [[ -f "$BENCH_ENV" ]] && break
      kill -0 "$LAUNCHER_PID" 2>/dev/null || { echo "launcher died: see $BENCH_DIR/launcher.log" >&2; exit 1; }
      sleep 1
    done
  fi
fi
[[ -f "$BENCH_ENV" ]] || { echo "no $BENCH_ENV" >&2; exit 1; }
# shellcheck disable=SC1090
source "$BENCH_ENV"
export BODY_FILE="$BENCH_DIR/row.json"

# The registry's token for stage changes (tokens live 5 min): the launcher renews a real one in $TOKEN_FILE; on the
# local platform the demo release manager signs in at each use (password from .run/keycloak/secrets.properties).
bench_token() {
  if [[ -n "${TOKEN_FILE:-}" ]]; then cat "$TOKEN_FILE"
  elif [[ -n "${TOKEN_URL:-}" ]]; then
    curl -s -d grant_type=password -d client_id=cd4ml-console --data-urlencode "username=$TOKEN_USER" \
        --data-urlencode "password=$(sed -n "s/^$TOKEN_PASSWORD_KEY=//p" "$TOKEN_PASSWORD_FILE")" "$TOKEN_URL" \
      | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
  else echo "$TOKEN"; fi
}

run_wrk() { # url -> prints "rps p50 p99 non2xx errors" (post.lua sends $AUTH_HEADER as Authorization when set)
  local out
  out=$(wrk -t2 -c16 -d"$DURATION" --latency -s bench/post.lua "$1")
  echo "$out" > "$BENCH_DIR/wrk-$(echo "$1" | tr -c 'a-z0-9' '_').txt"
  local rps p50 p99 non2xx errs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  errs=$(echo "$out" | awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}')
  echo "${rps} ${p50} ${p99} ${non2xx:-0} ${errs:-0}"
}

# Logging off: the launcher's second instance with Fluentd disabled, or on the local platform the
# same instance's POST /bench/predictions-unlogged (POST /predictions without the record).
NOLOG_URL=""
if [[ -n "${SERVING_NOLOG:-}" ]]; then NOLOG_URL="$SERVING_NOLOG/predictions"
elif [[ -n "${LOCAL:-}" ]]; then NOLOG_URL="$SERVING/bench/predictions-unlogged"; fi

# /bench/* exists only where enabled (CD4ML_SERVING_BENCH_ENDPOINT=true: the launcher's instances; never the
# local platform or production): without it there is no no-op calibration and no unlogged twin.
NOOP_URL="$SERVING/bench/noop"
if [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$BODY_FILE" "$NOOP_URL")" == "404" ]]; then
  echo "(no /bench/* on $SERVING: the no-op calibration is not measured)"
  NOOP_URL=""
  [[ "$NOLOG_URL" == "$SERVING/bench/"* ]] && NOLOG_URL=""
fi

# Explanation sampling: POST /predictions is measured at $SAMPLE_RATE and, on the same instance, at 0.
set_rate() { curl -s -o /dev/null -w '%{http_code}' -X PUT "$SERVING/bench/explain-sample-rate?rate=$1"; }
SAMPLING=""
if [[ "$(set_rate "$SAMPLE_RATE")" == "200" ]]; then SAMPLING=1; else
  echo "(no PUT /bench/explain-sample-rate on $SERVING: explanation sampling is not measured)"; fi

echo "== warm-up ($WARMUP each)"
URLS=("$SERVING/predictions")
[[ -n "$NOOP_URL" ]] && URLS+=("$NOOP_URL")
[[ -n "$NOLOG_URL" ]] && URLS+=("$NOLOG_URL")
for url in "${URLS[@]}"; do
  wrk -t2 -c16 -d"$WARMUP" -s bench/post.lua "$url" > /dev/null
done

# The three endpoints take turns for $ROUNDS rounds and each figure is the median round (by
# throughput): on a shared 2-core VM single 15 s runs of one endpoint vary by +-15%, and JIT
# recompilation after another endpoint's run shows up in whichever runs next.
echo "== measuring ($ROUNDS rounds of $DURATION each, wrk -t2 -c16, same machine)"
: > "$BENCH_DIR/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  [[ -n "$SAMPLING" ]] && set_rate "$SAMPLE_RATE" > /dev/null
  echo "round $round predictions $(run_wrk "$SERVING/predictions")" >> "$BENCH_DIR/rounds.txt"
  if [[ -n "$SAMPLING" ]]; then
    set_rate 0 > /dev/null
    echo "round $round nosample $(run_wrk "$SERVING/predictions")" >> "$BENCH_DIR/rounds.txt"
    set_rate "$SAMPLE_RATE" > /dev/null
  fi
  [[ -n "$NOOP_URL" ]] && echo "round $round noop $(run_wrk "$NOOP_URL")" >> "$BENCH_DIR/rounds.txt"
  [[ -n "$NOLOG_URL" ]] && echo "round $round nolog $(run_wrk "$NOLOG_URL")" >> "$BENCH_DIR/rounds.txt"
done
median() { # endpoint -> "rps p50 p99 non2xx errors" of its median round by rps
  awk -v e="$1" '$3 == e' "$BENCH_DIR/rounds.txt" | sort -g -k4 | awk '{l[NR] = $4 " " $5 " " $6 " " $7 " " $8} END {print l[int((NR + 1) / 2)]}'
}
read -r P_RPS P_P50 P_P99 P_NON P_ERR <<< "$(median predictions)"
N_RPS=""
[[ -n "$NOOP_URL" ]] && read -r N_RPS N_P50 N_P99 N_NON N_ERR <<< "$(median noop)"
[[ -n "$NOLOG_URL" ]] && read -r L_RPS L_P50 L_P99 L_NON L_ERR <<< "$(median nolog)"
[[ -n "$SAMPLING" ]] && read -r Z_RPS Z_P50 Z_P99 Z_NON Z_ERR <<< "$(median nosample)"
ALL_NON=$(awk '{s += $7} END {print s + 0}' "$BENCH_DIR/rounds.txt")
ALL_ERR=$(awk '{s += $8} END {print s + 0}' "$BENCH_DIR/rounds.txt")

# A hostile client posting 2 MB chunked bodies (no Content-Length) to POST /predictions, $HOSTILE at once in a loop,
# beside the normal load: refused 413 after 64 KiB as they arrive (issue 18: before, each was read whole and
# parsed, costing the other clients 23 % of their throughput and their p99 3.5 -> 75 ms).
HOSTILE=${HOSTILE:-1}
echo "== $HOSTILE client(s) sending 2 MB chunked bodies beside the load"
head -c 2097152 /dev/zero | tr '\0' 'x' | sed 's/^/{"features": {"pad": "/' > "$BENCH_DIR/chunked-2mb.json"
read -r H0_RPS H0_P50 H0_P99 H0_NON H0_ERR <<< "$(run_wrk "$SERVING/predictions")"
: > "$BENCH_DIR/hostile-codes.txt"
HOSTILE_PIDS=()
for _ in $(seq 1 "$HOSTILE"); do
  ( while true; do curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' -H 'Expect:' \
      --data-binary "@$BENCH_DIR/chunked-2mb.json" "$SERVING/predictions" >> "$BENCH_DIR/hostile-codes.txt" || true; done ) &
  HOSTILE_PIDS+=($!)
done
read -r H1_RPS H1_P50 H1_P99 H1_NON H1_ERR <<< "$(run_wrk "$SERVING/predictions")"
for pid in "${HOSTILE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
# The control: the same curl loop posting a valid single row (with its Content-Length), i.e. what the loop itself
# costs on these cores, apart from what its bodies cost the service.
: > "$BENCH_DIR/benign-codes.txt"
( while true; do curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    --data-binary "@$BODY_FILE" "$SERVING/predictions" >> "$BENCH_DIR/benign-codes.txt" || true; done ) &
BENIGN_PID=$!
read -r H2_RPS H2_P50 H2_P99 H2_NON H2_ERR <<< "$(run_wrk "$SERVING/predictions")"
kill "$BENIGN_PID" 2>/dev/null || true; wait "$BENIGN_PID" 2>/dev/null || true
B_SENT=$(wc -l < "$BENCH_DIR/benign-codes.txt")
B_LOSS=$(awk -v a="$H0_RPS" -v b="$H2_RPS" 'BEGIN {printf "%.1f%%", (a - b) / a * 100}')
H_SENT=$(wc -l < "$BENCH_DIR/hostile-codes.txt")
H_413=$(grep -c '^413' "$BENCH_DIR/hostile-codes.txt" || true)
H_LOSS=$(awk -v a="$H0_RPS" -v b="$H1_RPS" 'BEGIN {printf "%.1f%%", (a - b) / a * 100}')
HOSTILE_LINE="  ${HOSTILE} chunked-2MB client(s) beside the load: ${H1_RPS} req/s p99 ${H1_P99} (without: ${H0_RPS} req/s p99 ${H0_P99};
    throughput lost ${H_LOSS}); hostile bodies sent ${H_SENT}, answered 413 ${H_413}
  control, the same curl loop posting a valid row: ${H2_RPS} req/s p99 ${H2_P99} (throughput lost ${B_LOSS}; ${B_SENT} rows sent)"

echo "== batch of 10,000 rows (best of 5)"
batch_time() { # content-type file
  local best=999
  for _ in 1 2 3 4 5; do
    t=$(curl -s -o "$BENCH_DIR/batch-out.json" -w '%{time_total}' -H "Content-Type: $1" --data-binary "@$2" "$SERVING/predictions/batch")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN {print (b < a) ? b : a}')
  done
  rows=$(grep -o '"prediction"' "$BENCH_DIR/batch-out.json" | wc -l)
  echo "$best $rows"
}
read -r B_JSON B_JSON_ROWS <<< "$(batch_time application/json "$BENCH_DIR/batch-10000.json")"
read -r B_CSV B_CSV_ROWS <<< "$(batch_time text/csv "$BENCH_DIR/batch-10000.csv")"

PROMO_LINE="  10 promotions during a run: not run (no two production-eligible versions in $BENCH_ENV)"
if [[ -n "${VERSION_A:-}" && -n "${VERSION_B:-}" && -n "${TOKEN:-}" ]]; then
  echo "== 10 promotions during a ${DURATION} run"
  PROMO_OUT="$BENCH_DIR/promotions.txt"
  : > "$PROMO_OUT"
  ( wrk -t2 -c16 -d"$DURATION" --latency -s bench/post.lua "$SERVING/predictions" > "$BENCH_DIR/wrk-promotions.txt" ) &
  WRK_PID=$!
  sleep 1
  CURRENT=$VERSION_B
  for i in $(seq 1 10); do
    NEXT=$([[ "$CURRENT" == "$VERSION_A" ]] && echo "$VERSION_B" || echo "$VERSION_A")
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $(bench_token)" -H 'Content-Type: application/json' \
      -d '{"stage":"production","reason":"benchmark swap '"$i"'","pipelineLabel":"bench"}' \
      "$REGISTRY/models/$MODEL/versions/$NEXT/stage")
    echo "promotion $i: v$NEXT -> production: HTTP $code" >> "$PROMO_OUT"
    CURRENT=$NEXT
    sleep 1.2
  done
  wait "$WRK_PID"
  SERVED=$(curl -s "$SERVING/model" | sed -n 's/.*"version":\([0-9]*\).*/\1/p' | head -1)
  SWAPS=$(curl -s -H 'Accept: text/plain' "$SERVING/q/metrics" | awk '/^cd4ml_model_swaps_total/ {print $2}')
  W=$(cat "$BENCH_DIR/wrk-promotions.txt")
  S_RPS=$(echo "$W" | awk '/Requests\/sec/ {print $2}')
  S_P99=$(echo "$W" | awk '$1=="99%" {print $2}')
  S_NON=$(echo "$W" | awk '/Non-2xx/ {print $NF}')
  S_ERR=$(echo "$W" | awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}')
  PROMO_OK=$(grep -c 'HTTP 200' "$PROMO_OUT" || true)
  PROMO_LINE="  10 promotions during a run: ${PROMO_OK}/10 accepted by the registry, model swaps seen ${SWAPS}, now serving v${SERVED};
    during that run ${S_RPS} req/s, p99 ${S_P99}, non-2xx ${S_NON:-0}, socket errors ${S_ERR:-0}"
fi
# A 10 % canary beside production (issue 19: >= 0.95 of the no-canary throughput): each round measures
# POST /predictions without a canary, then with the other version as canary at 10 % (random split, no
# routing key), then aborts it (canary -> archived); the figure is the median round of each.
CANARY_LINE="  10 % canary: not run (no two production-eligible versions in $BENCH_ENV)"
if [[ -n "${VERSION_A:-}" && -n "${VERSION_B:-}" && -n "${TOKEN:-}" ]]; then
  echo "== a 10 % canary: $ROUNDS rounds of (no canary, canary at 10 %)"
  stage() { # version stage [weight] -> HTTP code
    local weight=""
    [[ -n "${3:-}" ]] && weight=',"trafficWeight":'"$3"
    curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $(bench_token)" -H 'Content-Type: application/json' \
      -d '{"stage":"'"$2"'","reason":"benchmark canary"'"$weight"',"pipelineLabel":"bench"}' "$REGISTRY/models/$MODEL/versions/$1/stage"
  }
  await_canary() { # version or "none"
    for _ in $(seq 1 100); do
      local c
      c=$(curl -s "$SERVING/model" | sed -n 's/.*"canary":{[^}]*"version":\([0-9]*\).*/\1/p' | head -1)
      [[ "${c:-none}" == "$1" ]] && return 0
      sleep 0.2
    done
    echo "serving did not show canary $1" >&2; return 1
  }
  role_count() { # role -> predictions counted so far
    curl -s -H 'Accept: text/plain' "$SERVING/q/metrics" | awk -v r="role=\"$1\"" '/^cd4ml_predictions_total\{/ && index($0, r) {s += $2} END {printf "%d", s}'
  }
  PRIMARY_V=$(curl -s "$SERVING/model" | sed -n 's/^{"model":"[^"]*","version":\([0-9]*\).*/\1/p')
  [[ -z "$PRIMARY_V" ]] && PRIMARY_V=$(curl -s "$SERVING/model" | sed -n 's/.*"version":\([0-9]*\).*/\1/p' | head -1)
  CANARY_V=$([[ "$PRIMARY_V" == "$VERSION_A" ]] && echo "$VERSION_B" || echo "$VERSION_A")
  : > "$BENCH_DIR/canary-rounds.txt"
  C_CANARY=0; C_ALL=0; C_CODES=""
  for round in $(seq 1 "$ROUNDS"); do
    echo "round $round nocanary $(run_wrk "$SERVING/predictions")" >> "$BENCH_DIR/canary-rounds.txt"
    C_CODES="$C_CODES $(stage "$CANARY_V" canary 10)"
    await_canary "$CANARY_V"
    c0=$(role_count canary); p0=$(role_count primary)
    echo "round $round canary10 $(run_wrk "$SERVING/predictions")" >> "$BENCH_DIR/canary-rounds.txt"
    c1=$(role_count canary); p1=$(role_count primary)
    C_CANARY=$((C_CANARY + c1 - c0)); C_ALL=$((C_ALL + c1 - c0 + p1 - p0))
    C_CODES="$C_CODES $(stage "$CANARY_V" archived)"
    await_canary none
  done
  cmedian() { awk -v e="$1" '$3 == e' "$BENCH_DIR/canary-rounds.txt" | sort -g -k4 | awk '{l[NR] = $4 " " $5 " " $6 " " $7 " " $8} END {print l[int((NR + 1) / 2)]}'; }
  read -r C0_RPS C0_P50 C0_P99 C0_NON C0_ERR <<< "$(cmedian nocanary)"
  read -r C1_RPS C1_P50 C1_P99 C1_NON C1_ERR <<< "$(cmedian canary10)"
  C_NON=$(awk '{s += $7} END {print s + 0}' "$BENCH_DIR/canary-rounds.txt")
  C_RATIO=$(awk -v a="$C1_RPS" -v b="$C0_RPS" 'BEGIN {printf "%.3f", a / b}')
  C_SHARE=$(awk -v c="$C_CANARY" -v a="$C_ALL" 'BEGIN {printf "%.1f %%", (a > 0 ? 100 * c / a : 0)}')
  CANARY_LINE="  10 % canary (v${CANARY_V} beside v${PRIMARY_V}): ${C1_RPS} req/s p99 ${C1_P99}; without: ${C0_RPS} req/s p99 ${C0_P99}
    canary / no-canary throughput: ${C_RATIO}   canary's share of the answers: ${C_SHARE} (${C_CANARY} of ${C_ALL});
    registry answers to the stage changes:${C_CODES}; non-2xx in these rounds: ${C_NON}"
fi
# A role required on POST /predictions (issue 20: >= 0.9 of the open endpoint), on the same instance: each of
# $ROLE_ROUNDS rounds measures POST /predictions open (no token sent) and, after PUT
# /bench/predictions-role?role=$PREDICTIONS_ROLE, the same endpoint with that role's token (a real Keycloak's, verified
# locally against the realm's cached keys, then remembered until it expires), open first in odd rounds and second in
# even ones, so that drift of the machine between two runs counts against both alike. The figure is the median of the
# rounds' own ratios (a round's two runs are neighbours; on a shared VM throughput swings +-20 % between 15 s runs,
# which unpaired medians pick up); also printed: the ratio of all rounds' sums and of the median rounds.
ROLE_LINE="  role required on POST /predictions: not run (no /bench/predictions-role or no ROLE_TOKEN_FILE in $BENCH_ENV)"
set_role() { curl -s -o /dev/null -w '%{http_code}' -X PUT "$SERVING/bench/predictions-role?role=${1:-}"; }
if [[ -n "${ROLE_TOKEN_FILE:-}" && "$(set_role)" == "200" ]]; then
  echo "== a role required on POST /predictions: $ROLE_ROUNDS rounds of (open, role required) on the same instance"
  : > "$BENCH_DIR/role-rounds.txt"
  R_CODES=""
  role_round() {
    R_CODES="$R_CODES $(set_role "$PREDICTIONS_ROLE")"
    R_ANON=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$BODY_FILE" "$SERVING/predictions")
    echo "round $1 role $(AUTH_HEADER="Bearer $(cat "$ROLE_TOKEN_FILE")" run_wrk "$SERVING/predictions")" >> "$BENCH_DIR/role-rounds.txt"
    R_CODES="$R_CODES $(set_role)"
  }
  for round in $(seq 1 "$ROLE_ROUNDS"); do
    if (( round % 2 == 0 )); then role_round "$round"; fi
    echo "round $round open $(run_wrk "$SERVING/predictions")" >> "$BENCH_DIR/role-rounds.txt"
    if (( round % 2 == 1 )); then role_round "$round"; fi
  done
  rmedian() { awk -v e="$1" '$3 == e' "$BENCH_DIR/role-rounds.txt" | sort -g -k4 | awk '{l[NR] = $4 " " $5 " " $6 " " $7 " " $8} END {print l[int((NR + 1) / 2)]}'; }
  read -r R0_RPS R0_P50 R0_P99 R0_NON R0_ERR <<< "$(rmedian open)"
  read -r R1_RPS R1_P50 R1_P99 R1_NON R1_ERR <<< "$(rmedian role)"
  R_NON=$(awk '{s += $7} END {print s + 0}' "$BENCH_DIR/role-rounds.txt")
  R_RATIO=$(awk -v a="$R1_RPS" -v b="$R0_RPS" 'BEGIN {printf "%.3f", a / b}')
  R_PAIRED=$(awk '$3 == "open" {o[$2] = $4} $3 == "role" {r[$2] = $4} END {for (k in o) if (k in r) print r[k] / o[k]}' \
      "$BENCH_DIR/role-rounds.txt" | sort -g | awk '{l[NR] = $1} END {printf "%.3f", (NR % 2) ? l[(NR + 1) / 2] : (l[NR / 2] + l[NR / 2 + 1]) / 2}')
  R_TOTAL=$(awk '$3 == "open" {o += $4} $3 == "role" {r += $4} END {printf "%.3f", r / o}' "$BENCH_DIR/role-rounds.txt")
  R_EACH=$(awk '$3 == "open" {o[$2] = $4} $3 == "role" {r[$2] = $4} END {for (k = 1; k in o; k++) printf " %.2f", r[k] / o[k]}' "$BENCH_DIR/role-rounds.txt")
  ROLE_LINE="  role ${PREDICTIONS_ROLE:-?} required on POST /predictions: ${R1_RPS} req/s p50 ${R1_P50} p99 ${R1_P99}; open: ${R0_RPS} req/s p50 ${R0_P50} p99 ${R0_P99}
    role required / open throughput: ${R_PAIRED} (median of the rounds' ratios:${R_EACH}); ${R_TOTAL} (all rounds' sums); ${R_RATIO} (medians)
    (same instance; without a token: HTTP ${R_ANON}; role switch answers:${R_CODES}); non-2xx in these rounds: ${R_NON}
$(sed 's/^/      /' "$BENCH_DIR/role-rounds.txt")"
fi
RECEIVED="not counted here (the local platform indexes them into OpenSearch in the background)"
if [[ -z "${LOCAL:-}" ]]; then
  sleep 2 # the last flush
  RECEIVED=$(cat "$BENCH_DIR/forward-received.txt" 2>/dev/null || echo "?")
fi
DROPPED=$(curl -s -H 'Accept: text/plain' "$SERVING/q/metrics" | awk '/^cd4ml_prediction_log_dropped_total/ {print $2}')
EMITTED=$(curl -s -H 'Accept: text/plain' "$SERVING/q/metrics" | awk '/^cd4ml_prediction_log_emitted_total/ {print $2}')

ratio="not measured (no /bench/noop)"
[[ -n "$N_RPS" ]] && ratio=$(awk -v a="$P_RPS" -v b="$N_RPS" 'BEGIN {printf "%.2f", a / b}')
if [[ -n "$SAMPLING" ]]; then
  METRICS=$(curl -s -H 'Accept: text/plain' "$SERVING/q/metrics")
  X_LOGGED=$(echo "$METRICS" | awk '/^cd4ml_explanation_samples_total\{.*outcome="logged"/ {print $2}')
  X_DROPPED=$(echo "$METRICS" | awk '/^cd4ml_explanation_samples_total\{.*outcome="dropped"/ {print $2}')
  sratio=$(awk -v a="$P_RPS" -v b="$Z_RPS" 'BEGIN {printf "%.3f", a / b}')
  SAMPLE_LINE="  POST /predictions, explanation sampling off (rate 0):     ${Z_RPS} req/s  p50 ${Z_P50}  p99 ${Z_P99}  (same instance)
  sampling at ${SAMPLE_RATE} / sampling off throughput: ${sratio}   (explanations logged ${X_LOGGED:-?}, dropped ${X_DROPPED:-?})"
else
  SAMPLE_LINE="  explanation sampling: not measured"
fi
if [[ -n "$NOLOG_URL" ]]; then
  logcost=$(awk -v on="$P_RPS" -v off="$L_RPS" 'BEGIN {printf "%.1f%%", (off - on) / off * 100}')
  NOLOG_LINE="  POST /predictions, Fluentd logging off:                   ${L_RPS} req/s  p50 ${L_P50}  p99 ${L_P99}  (${NOLOG_URL})"
else
  logcost="not measured (no logging-off instance)"
  NOLOG_LINE="  POST /predictions, Fluentd logging off:                   not measured"
fi
TARGET="$SERVING"
[[ -n "${LOCAL:-}" ]] && TARGET="the local platform's production instance, $SERVING"
cat <<REPORT | tee "$BENCH_DIR/report.txt"

serving-service benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c16 -d$DURATION on the same machine, median of $ROUNDS rounds)
  target: ${TARGET}
  POST /predictions (validation + metrics + Fluentd logging, explanation sampling ${SAMPLE_RATE}): ${P_RPS} req/s  p50 ${P_P50}  p99 ${P_P99}
  POST /bench/noop (same stack, no model):                   ${N_RPS} req/s  p50 ${N_P50}  p99 ${N_P99}
${NOLOG_LINE}
${SAMPLE_LINE}
  predictions / no-op throughput: ${ratio}     logging cost: ${logcost} of throughput
  non-2xx answers in all rounds: ${ALL_NON}, socket errors: ${ALL_ERR}
$(sed 's/^/    /' "$BENCH_DIR/rounds.txt")
  batch of 10,000 rows: JSON ${B_JSON} s (${B_JSON_ROWS} predictions), CSV ${B_CSV} s (${B_CSV_ROWS} predictions)
${PROMO_LINE}
${CANARY_LINE}
${ROLE_LINE}
${HOSTILE_LINE}
  prediction log records: emitted ${EMITTED}, received by the forward receiver ${RECEIVED}, dropped ${DROPPED}
REPORT
