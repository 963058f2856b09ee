#!/usr/bin/env bash
# Runs the service in the foreground (stop it with Ctrl-C or SIGTERM). With no settings: an embedded PostgreSQL
# and local storage under ./data, the API on port 8080, Docker at unix:///var/run/docker.sock (started here,
# installed if missing, when DOCKER_HOST is unset and it does not answer). Settings: docs/api.md §1.
set -euo pipefail
cd "$(dirname "$0")/.."
# only what goes into the jar counts: the tests' own files (the console tests' node_modules) do not make it stale
if [ ! -f target/odoo-backup.jar ] || [ -n "$(find src/main pom.xml -newer target/odoo-backup.jar -print -quit)" ]; then
  echo "[run] building target/odoo-backup.jar" >&2
  # Maven resets the terminal's colours even in batch mode: its escape codes are taken out of the log
  mvn -q -B -Dstyle.color=never package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' >&2
fi
if [ -z "${DOCKER_HOST:-}" ] && ! docker info >/dev/null 2>&1; then
  scripts/infra.sh engine
fi
exec java ${JAVA_OPTS:-} -jar target/odoo-backup.jar "$@"
