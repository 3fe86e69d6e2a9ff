#!/bin/sh
# Applies the cd4ml index templates to Elasticsearch (or OpenSearch). Idempotent: PUT replaces a
# template of the same name, and a template only shapes indices created after it, so run it
# before the first record arrives (compose and the k8s Job do).
#
#   ELASTICSEARCH_URL       default http://localhost:9200
#   ELASTICSEARCH_USERNAME  / ELASTICSEARCH_PASSWORD   basic auth, when security is on
#   KIBANA_SYSTEM_PASSWORD  when set, also sets the password of the built-in kibana_system user
#                           (what Kibana 8 logs in with; the elastic superuser may not)
#   WAIT_SECONDS            how long to wait for the cluster, default 180
set -eu

here=$(cd "$(dirname "$0")" && pwd)
es=${ELASTICSEARCH_URL:-http://localhost:9200}
es=${es%/}
wait_seconds=${WAIT_SECONDS:-180}

es_curl() {
  if [ -n "${ELASTICSEARCH_USERNAME:-}" ]; then
    curl -sS -u "$ELASTICSEARCH_USERNAME:${ELASTICSEARCH_PASSWORD:-}" "$@"
  else
    curl -sS "$@"
  fi
}

echo "waiting for $es (up to ${wait_seconds}s)"
deadline=$(( $(date +%s) + wait_seconds ))
until es_curl -f -o /dev/null "$es/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "setup: $es did not answer within ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 2
done

# every NAME.index-template.json here becomes index template NAME (as the local forward part does)
for file in "$here"/*.index-template.json; do
  name=$(basename "$file" .index-template.json)
  status=$(es_curl -o /tmp/cd4ml-template-answer.json -w '%{http_code}' -X PUT "$es/_index_template/$name" \
    -H 'Content-Type: application/json' --data-binary "@$file")
  if [ "$status" != 200 ]; then
    echo "setup: PUT _index_template/$name answered $status: $(cat /tmp/cd4ml-template-answer.json)" >&2
    exit 1
  fi
  echo "index template $name applied"
done

if [ -n "${KIBANA_SYSTEM_PASSWORD:-}" ]; then
  status=$(es_curl -o /tmp/cd4ml-kibana-system-answer.json -w '%{http_code}' -X POST "$es/_security/user/kibana_system/_password" \
    -H 'Content-Type: application/json' --data-binary "{\"password\":\"$KIBANA_SYSTEM_PASSWORD\"}")
  if [ "$status" != 200 ]; then
    echo "setup: setting the kibana_system password answered $status: $(cat /tmp/cd4ml-kibana-system-answer.json)" >&2
    exit 1
  fi
  echo "kibana_system password set"
fi
