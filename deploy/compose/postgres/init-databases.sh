#!/bin/sh
# One database per service (PostgreSQL runs this once, on an empty data directory).
set -eu
for db in ${CD4ML_DATABASES:-data training registry monitoring}; do
  echo "creating database $db"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE \"$db\" OWNER \"$POSTGRES_USER\""
done
