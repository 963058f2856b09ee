#!/usr/bin/env bash
# The test command: installs and starts what the tests need (idempotently), then builds and runs
# every test: unit tests, then integration tests against real Docker, PostgreSQL and S3Proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/infra.sh up
exec mvn -B verify "$@"
