#!/bin/sh
# One-shot: registers this repository as GoCD's config repository (YAML plugin, gocd/pipelines/*.gocd.yaml)
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
