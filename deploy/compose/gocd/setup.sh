#!/bin/sh
# One-shot: registers this repository as GoCD's config repository (YAML plugin, gocd/pipelines/*.gocd.yaml),
# the two secret configs the pipelines refer to (file-based secrets plugin, bundled with GoCD: cd4ml for the
# pipeline client's secret, cd4ml-release for the release manager's offline token, referable by the production
# pipeline's group only; the files and their values are the operator's, gocd/README.md "Identities and secrets")
# and enables the agents waiting for approval. Idempotent. Uses GoCD's REST API (no security configured).
#   GOCD_URL (default http://gocd-server:8153/go), CD4ML_GIT_URL, CD4ML_GIT_BRANCH (default main)
set -eu
go=${GOCD_URL:-http://gocd-server:8153/go}
: "${CD4ML_GIT_URL:?the repository GoCD should read pipelines from}"
branch=${CD4ML_GIT_BRANCH:-main}

until curl -fsS -o /dev/null "$go/api/v1/health"; do sleep 3; done

status=$(curl -sS -o /dev/null -w '%{http_code}' "$go/api/admin/config_repos/cd4ml" -H 'Accept: application/vnd.go.cd.v4+json')
if [ "$status" = 200 ]; then
  echo "config repository cd4ml already registered"
else
  curl -fsS -X POST "$go/api/admin/config_repos" \
    -H 'Accept: application/vnd.go.cd.v4+json' -H 'Content-Type: application/json' \
    --data-binary @- <<JSON
{
  "id": "cd4ml",
  "plugin_id": "yaml.config.plugin",
  "material": {
    "type": "git",
    "attributes": { "url": "$CD4ML_GIT_URL", "branch": "$branch", "auto_update": true }
  },
  "configuration": [ { "key": "file_pattern", "value": "gocd/pipelines/*.gocd.yaml" } ],
  "rules": [ { "directive": "allow", "action": "refer", "type": "*", "resource": "*" } ]
}
JSON
  echo
  echo "config repository cd4ml registered: $CD4ML_GIT_URL ($branch)"
fi

# secret_config ID FILE GROUPS...: a file-based secret config referable from those pipeline groups only
secret_config() {
  id=$1 file=$2
  shift 2
  status=$(curl -sS -o /dev/null -w '%{http_code}' "$go/api/admin/secret_configs/$id" -H 'Accept: application/vnd.go.cd.v3+json')
  if [ "$status" = 200 ]; then
    echo "secret config $id already registered"
    return
  fi
  rules=""
  for group in "$@"; do
    rules="$rules${rules:+,}{ \"directive\": \"allow\", \"action\": \"refer\", \"type\": \"pipeline_group\", \"resource\": \"$group\" }"
  done
  curl -fsS -X POST "$go/api/admin/secret_configs" \
    -H 'Accept: application/vnd.go.cd.v3+json' -H 'Content-Type: application/json' \
    --data-binary "{ \"id\": \"$id\", \"plugin_id\": \"cd.go.secrets.file-based-plugin\",
      \"properties\": [ { \"key\": \"SecretsFilePath\", \"value\": \"$file\" } ], \"rules\": [ $rules ] }" > /dev/null
  echo "secret config $id registered: $file (groups: $*)"
}
secret_config cd4ml /godata/config/cd4ml-secrets.json cd4ml cd4ml-release
secret_config cd4ml-release /godata/config/cd4ml-release-secrets.json cd4ml-release

# Agents register as pending; enable ours (wait up to 5 minutes for the first one).
tries=0
while :; do
  agents=$(curl -fsS "$go/api/agents" -H 'Accept: application/vnd.go.cd.v7+json')
  uuids=$(echo "$agents" | grep -o '"uuid" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/"\1"/' | paste -sd, -)
  if [ -n "$uuids" ]; then
    curl -fsS -X PATCH "$go/api/agents" -H 'Accept: application/vnd.go.cd.v7+json' -H 'Content-Type: application/json' \
      --data-binary "{\"uuids\":[$uuids],\"agent_config_state\":\"Enabled\"}" > /dev/null
    echo "agents enabled: $uuids"
    break
  fi
  tries=$((tries + 1))
  if [ "$tries" -ge 100 ]; then
    echo "no GoCD agent registered yet: enable it under Agents in the GoCD UI" >&2
    break
  fi
  sleep 3
done
