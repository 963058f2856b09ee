#!/usr/bin/env bash
# Runs the service. With no settings: embedded PostgreSQL and local storage under ./data, port 8080,
# Docker at unix:///var/run/docker.sock. Settings are the environment variables of CONTRACT.md §1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/odoo-backup.jar ] || [ -n "$(find src pom.xml -newer target/odoo-backup.jar -print -quit)" ]; then
  mvn -q -B package -DskipTests
fi
exec java ${JAVA_OPTS:-} -jar target/odoo-backup.jar "$@"
