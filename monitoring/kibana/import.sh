#!/bin/sh
# Imports the data view and the "Model monitoring" dashboard into Kibana through the saved-objects
# import API. Idempotent: overwrite=true replaces the objects (same ids) on every run.
#
#   KIBANA_URL                                        default http://localhost:5601
#   KIBANA_USERNAME / KIBANA_PASSWORD                 basic auth, when security is on (e.g. elastic)
#   KIBANA_SPACE                                      a space id, default the default space
#   WAIT_SECONDS                                      how long to wait for Kibana, default 300
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

kb_curl() {
  if [ -n "${KIBANA_USERNAME:-}" ]; then
    curl -sS -u "$KIBANA_USERNAME:${KIBANA_PASSWORD:-}" "$@"
  else
    curl -sS "$@"
  fi
}

echo "waiting for $kibana (up to ${wait_seconds}s)"
deadline=$(( $(date +%s) + wait_seconds ))
until kb_curl "$kibana/api/status" 2>/dev/null | grep -q '"level":"available"'; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "import: Kibana at $kibana is not available after ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 3
done

answer=$(kb_curl -X POST "$api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: true' \
  --form "file=@$here/cd4ml-monitoring.ndjson")
case "$answer" in
  *'"success":true'*)
    echo "imported: $(echo "$answer" | grep -o '"successCount":[0-9]*')"
    echo "dashboard: $kibana/app/dashboards#/view/cd4ml-model-monitoring"
    ;;
  *)
    echo "import: Kibana refused the saved objects: $answer" >&2
    exit 1
    ;;
esac
