#!/usr/bin/env bash
# Runs the service in the foreground (stop it with Ctrl-C or SIGTERM). With no settings: an embedded PostgreSQL
# and local storage under ./data, the API on port 8080, the Docker Engine at DOCKER_HOST or /var/run/docker.sock.
# It never installs or starts anything: it says what is missing. Settings: docs/api.md §1.
set -euo pipefail
cd "$(dirname "$0")/.."
missing() { echo "[run] $1" >&2; exit 1; }
command -v java >/dev/null || missing "java is missing: install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless)"
# only what goes into the jar counts: the tests' own files (the console tests' node_modules) do not make it stale
if [ ! -f target/odoo-backup.jar ] || [ -n "$(find src/main pom.xml -newer target/odoo-backup.jar -print -quit)" ]; then
  command -v mvn >/dev/null || missing "mvn is missing to build target/odoo-backup.jar: install Maven and a JDK 17 (Debian: apt-get install maven openjdk-17-jdk-headless)"
  echo "[run] building target/odoo-backup.jar" >&2
  # Maven resets the terminal's colours even in batch mode: its escape codes are taken out of the log
  mvn -q -B -Dstyle.color=never package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' >&2
fi
# the service itself refuses to start without a Docker Engine and says how to get one; this says it before a long start
if [ -z "${DOCKER_HOST:-}" ] && [ ! -S /var/run/docker.sock ]; then
  missing "no Docker Engine at /var/run/docker.sock: install and start one (Debian: apt-get install docker.io; systemctl start docker), or set DOCKER_HOST"
fi
exec java ${JAVA_OPTS:-} -jar target/odoo-backup.jar "$@"
