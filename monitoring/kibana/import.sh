#!/bin/sh
# Imports the data views and the "Model monitoring" and "Model health" dashboards into Kibana through
# the saved-objects import API, and, for each model named in MODELS, a "Model features: <model>"
# dashboard generated from that model's signature: per input feature, its live values (numeric:
# min/mean/max over time; categorical: counts per category and version) beside its drift (PSI, KS per
# version from monitoring-service's stored reports); per protected column of the version's lineage, the
# predicted label share of each group (fairness). Idempotent: overwrite=true replaces the objects
# (same ids) on every run.
#
#   KIBANA_URL                                        default http://localhost:5601
#   KIBANA_USERNAME / KIBANA_PASSWORD                 basic auth, when security is on (e.g. elastic)
#   KIBANA_SPACE                                      a space id, default the default space
#   WAIT_SECONDS                                      how long to wait for Kibana, default 300
#   MODELS                                            models to generate feature panels for, e.g. "credit"
#   REGISTRY_URL                                      where their signatures come from, default http://localhost:8083
#   STAGE                                             the stage whose version's signature is read, default production
#   SIGNATURE_DIR                                     instead of the registry: <dir>/<model>.json, a ModelVersionInfo
#                                                     (or any JSON holding signature.features, and
#                                                     protectedColumns for the fairness panels)
#   GENERATE_ONLY                                     a file: write the generated objects there and stop (no Kibana)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
kibana=${KIBANA_URL:-http://localhost:5601}
kibana=${kibana%/}
if [ -n "${KIBANA_SPACE:-}" ]; then
  api="$kibana/s/$KIBANA_SPACE/api"
else
  api="$kibana/api"
fi
wait_seconds=${WAIT_SECONDS:-300}
registry=${REGISTRY_URL:-http://localhost:8083}
registry=${registry%/}
stage=${STAGE:-production}
template="$here/cd4ml-feature-panels.template"

kb_curl() {
  if [ -n "${KIBANA_USERNAME:-}" ]; then
    curl -sS -u "$KIBANA_USERNAME:${KIBANA_PASSWORD:-}" "$@"
  else
    curl -sS "$@"
  fi
}

# The version of one model that the panels follow: its ModelVersionInfo (lineage with signature and
# protected columns), on one line.
version_json() {
  if [ -n "${SIGNATURE_DIR:-}" ]; then
    json=$(cat "$SIGNATURE_DIR/$1.json") || return 1
  else
    json=$(curl -fsS "$registry/models/$1/stages/$stage") || {
      echo "import: no $stage version of $1 at $registry" >&2
      return 1
    }
  fi
  printf '%s' "$json" | tr -d '\n'
}

# The features of a version's signature as "name:kind" lines, in signature order. The registry writes
# each feature as {"name":"...","type":"numeric|categorical",...}; names keep to the platform's rules.
signature_features() { # json
  printf '%s' "$1" \
    | grep -o '"name" *: *"[^"]*" *, *"type" *: *"\(numeric\|categorical\)"' \
    | sed 's/^"name" *: *"\([^"]*\)" *, *"type" *: *"\([a-z]*\)"$/\1:\2/'
}

# The protected columns of a version's lineage (training copies them from the dataset's schema), one a
# line; none when the lineage names none.
protected_columns() { # json
  printf '%s' "$1" \
    | grep -o '"protectedColumns" *: *\[[^]]*\]' \
    | sed 's/^"protectedColumns" *: *\[//; s/\]$//' \
    | tr ',' '\n' | sed 's/^ *"//; s/" *$//' | grep -v '^ *$' || true
}

# The template line of a kind with the model and feature filled in.
fill() { # kind model feature
  tab=$(printf '\t')
  grep "^$1$tab" "$template" | cut -f2- | sed -e "s/@MODEL@/$2/g" -e "s/@FEATURE@/$3/g"
}

# One model's feature visualizations and its dashboard, as ndjson on stdout.
generate() { # model
  model=$1
  case "$model" in
    *[!a-z0-9._-]*|'') echo "import: '$model' is not a model name" >&2; return 1 ;;
  esac
  json=$(version_json "$model") || return 1
  features=$(signature_features "$json")
  if [ -z "$features" ]; then
    echo "import: the signature of $model names no feature" >&2
    return 1
  fi
  panels=''
  refs=''
  n=0
  y=0
  # panel <visualization id> <x>: one 24 x 12 panel at (x, y) of the dashboard
  panel() {
    sep=','
    [ "$n" -eq 0 ] && sep=''
    panels="$panels$sep{\\\"version\\\":\\\"7.17.0\\\",\\\"type\\\":\\\"visualization\\\",\\\"gridData\\\":{\\\"x\\\":$2,\\\"y\\\":$y,\\\"w\\\":24,\\\"h\\\":12,\\\"i\\\":\\\"$((n + 1))\\\"},\\\"panelIndex\\\":\\\"$((n + 1))\\\",\\\"embeddableConfig\\\":{\\\"enhancements\\\":{}},\\\"panelRefName\\\":\\\"panel_$n\\\"}"
    refs="$refs$sep{\"name\":\"panel_$n\",\"type\":\"visualization\",\"id\":\"$1\"}"
    n=$((n + 1))
  }
  for entry in $features; do
    feature=${entry%%:*}
    kind=${entry##*:}
    case "$feature" in
      *[!A-Za-z0-9._-]*|'') echo "import: skipping feature '$feature' (not a plain name)" >&2; continue ;;
    esac
    fill "$kind-input" "$model" "$feature"
    fill drift "$model" "$feature"
    panel "cd4ml-$model-input-$feature" 0
    panel "cd4ml-$model-drift-$feature" 24
    y=$((y + 12))
  done
  # Fairness: the predicted label share per group of each protected column, two a row below the features.
  x=0
  for column in $(protected_columns "$json"); do
    case "$column" in
      *[!A-Za-z0-9._-]*|'') echo "import: skipping protected column '$column' (not a plain name)" >&2; continue ;;
    esac
    fill protected "$model" "$column"
    panel "cd4ml-$model-positive-rate-by-$column" "$x"
    if [ "$x" -eq 0 ]; then
      x=24
    else
      x=0
      y=$((y + 12))
    fi
  done
  # Parameter expansion, not sed: the panel list is JSON inside a JSON string, full of backslashes.
  line=$(fill dashboard "$model" "")
  line="${line%%@PANELS@*}$panels${line#*@PANELS@}"
  printf '%s\n' "${line%%@REFERENCES@*}$refs${line#*@REFERENCES@}"
}

generated=$(mktemp)
trap 'rm -f "$generated"' EXIT
# A model without a version in the stage yet (e.g. compose's first start, before the first release) is
# skipped with a note: run the import again once it is released.
made=''
for model in ${MODELS:-}; do
  if generate "$model" >> "$generated"; then
    made="$made $model"
  else
    echo "import: no feature panels for $model yet; run this import again after its first release" >&2
  fi
done
if [ -n "${GENERATE_ONLY:-}" ]; then
  cp "$generated" "$GENERATE_ONLY"
  echo "generated $(wc -l < "$generated" | tr -d ' ') objects for: ${MODELS:-no model}"
  exit 0
fi

echo "waiting for $kibana (up to ${wait_seconds}s)"
deadline=$(( $(date +%s) + wait_seconds ))
until kb_curl "$kibana/api/status" 2>/dev/null | grep -q '"level":"available"'; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "import: Kibana at $kibana is not available after ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 3
done

import_file() {
  answer=$(kb_curl -X POST "$api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: true' \
    --form "file=@$1;filename=$2")
  case "$answer" in
    *'"success":true'*)
      echo "imported $2: $(echo "$answer" | grep -o '"successCount":[0-9]*')"
      ;;
    *)
      echo "import: Kibana refused the saved objects of $2: $answer" >&2
      exit 1
      ;;
  esac
}

import_file "$here/cd4ml-monitoring.ndjson" cd4ml-monitoring.ndjson
echo "dashboards: $kibana/app/dashboards#/view/cd4ml-model-monitoring $kibana/app/dashboards#/view/cd4ml-model-health"
if [ -s "$generated" ]; then
  import_file "$generated" cd4ml-model-features.ndjson
  for model in $made; do
    echo "dashboard: $kibana/app/dashboards#/view/cd4ml-model-features-$model"
  done
fi
