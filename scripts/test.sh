#!/usr/bin/env bash
# The test command: installs and starts what the tests need (idempotently), then builds and runs
# every test: unit tests, then integration tests against real Docker, PostgreSQL and S3Proxy, then the fleet benchmark's
# small set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/infra.sh up
mvn -B verify "$@"
# a fleet's night in small: three instances, thirty environments, one killed; fails when any is lost or runs twice
bench/fleet.sh --small
