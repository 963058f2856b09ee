#!/usr/bin/env bash
# A fleet's night: three service instances on one records database (the machine's PostgreSQL), small environments
# whose policies all fall in the same schedule window, one instance killed with -9 half-way through. Prints
#   completed / expected   every environment's scheduled backup completed (must be all of them)
#   lost                   environments without a completed backup (must be 0)
#   run twice              environments with more than one completed backup (must be 0)
#   makespan / ideal       the window's start to the last completion, against the window or, when longer, the total
#                          backup time over the worker slots
#   p95 lateness           how long after its planned time a backup started (95th percentile), and how many were late
# and the highest number of work items running at once on each Docker host: half the environments run on this machine's
# engine (host default), half on a second dockerd reached over mutual TLS (host second, scripts/infra.sh docker2), each
# host limited to FLEET_HOST_LIMIT items at once. Exits 1 when anything was lost, ran twice or a host's limit was passed.
#   bench/fleet.sh            300 environments, a 3-minute window
#   bench/fleet.sh --small    30 environments, a 1-minute window (run by scripts/test.sh)
# Options (environment): FLEET_INSTANCES (3), FLEET_WORKERS (2 per instance), FLEET_HOST_LIMIT (3 per Docker host),
# FLEET_PORT (18600: instance i uses FLEET_PORT + 2i and the next port for its management server).
set -euo pipefail
cd "$(dirname "$0")/.."
ENVIRONMENTS=300; WINDOW=3; SET=fleet
case "${1:-}" in
  --small) ENVIRONMENTS=30; WINDOW=1; SET=small ;;
  "") ;;
  *) echo "usage: bench/fleet.sh [--small]" >&2; exit 2 ;;
esac
INSTANCES=${FLEET_INSTANCES:-3}; WORKERS=${FLEET_WORKERS:-2}; PORT=${FLEET_PORT:-18600}; CONTAINERS=2
HOST_LIMIT=${FLEET_HOST_LIMIT:-3}; TLS=$PWD/.infra/docker2/tls
SECOND=(env DOCKER_HOST=tcp://127.0.0.1:${DOCKER2_PORT:-18423} DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$TLS)
DB=odoo_backup_fleet_$(date +%s); ORG=fleet; TOKEN=fleet-token-$(date +%s)
WORK=$(mktemp -d /var/tmp/odoo-backup-fleet.XXXXXX)
PIDS=()
psql_records() { psql -h 127.0.0.1 -U postgres -d "$DB" -qAt -c "$1"; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for c in $(seq 0 $((CONTAINERS - 1))); do scripts/test-env.sh remove "fleet-c$c"; "${SECOND[@]}" scripts/test-env.sh remove "fleet-c$c"; done
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  mkdir -p target && cat "$WORK"/instance-*.log > target/fleet-instances.log 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

scripts/infra.sh up >/dev/null  # the second engine (docker2) among the rest
[ -f target/odoo-backup.jar ] && [ -z "$(find src pom.xml -newer target/odoo-backup.jar -print -quit)" ] || mvn -q -B package -DskipTests
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DB" >/dev/null
for c in $(seq 0 $((CONTAINERS - 1))); do  # the same containers on both engines
  scripts/test-env.sh create "fleet-c$c" --org "$ORG" --rows 200 --files 3 >/dev/null
  "${SECOND[@]}" scripts/test-env.sh create "fleet-c$c" --org "$ORG" --rows 200 --files 3 >/dev/null
done

start_instance() {  # $1: index
  mkdir -p "$WORK/data-$1" "$WORK/tmp-$1"
  BACKUP_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" BACKUP_DB_USER=postgres BACKUP_DATA_DIR="$WORK/data-$1" \
  BACKUP_TMP_DIR="$WORK/tmp-$1" BACKUP_LOCAL_STORAGE_ROOT="$WORK/storage" BACKUP_ADMIN_TOKEN=$TOKEN \
  BACKUP_SECRET_KEY=fleet-secret-key-0123456789 BACKUP_WORKERS=$WORKERS BACKUP_QUARTZ_IDLE_WAIT_MS=1000 \
  BACKUP_HTTP_PORT=$((PORT + 2 * $1)) BACKUP_MANAGEMENT_PORT=$((PORT + 2 * $1 + 1)) \
    java -Xmx256m -jar target/odoo-backup.jar > "$WORK/instance-$1.log" 2>&1 &
  PIDS[$1]=$!
}
echo "Starting $INSTANCES instances ($WORKERS workers each) on records database $DB..."
for i in $(seq 0 $((INSTANCES - 1))); do start_instance "$i"; done
for i in $(seq 0 $((INSTANCES - 1))); do
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 2 * i + 1))/observe/health/ready" && break; sleep 0.5; done
  curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 2 * i + 1))/observe/health/ready" || { echo "instance $i did not start"; tail "$WORK/instance-$i.log"; exit 1; }
done
API=http://127.0.0.1:$PORT/api/v1
call() { curl -sf -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+--data "$3"} "$API$2" >/dev/null; }
call POST /backups/storage-configs "{\"organization_id\":\"$ORG\",\"name\":\"Folder\",\"provider\":\"local\"}"
pem() { python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$1"; }
call POST /docker-hosts "{\"id\":\"second\",\"name\":\"Second server\",\"url\":\"tcp://127.0.0.1:${DOCKER2_PORT:-18423}\",\"tls_ca\":$(pem "$TLS/ca.pem"),\"tls_cert\":$(pem "$TLS/client-cert.pem"),\"tls_key\":$(pem "$TLS/client-key.pem"),\"max_concurrent\":$HOST_LIMIT}"
call PATCH /docker-hosts/default "{\"max_concurrent\":$HOST_LIMIT}"

# the window opens at the next whole minute at least a minute (two for the full set) from now: time to register
[ "$SET" = small ] && LEAD=60 || LEAD=120
START=$(( ( $(date +%s) + LEAD + 59 ) / 60 * 60 ))
AT=$(date -u -d "@$START" +%H:%M)
echo "Registering $ENVIRONMENTS environments, every policy at $AT UTC with a $WINDOW-minute window..."
export -f call; export API TOKEN ORG AT WINDOW CONTAINERS
seq 0 $((ENVIRONMENTS - 1)) | xargs -P 4 -I{} bash -c '
  c=$(( {} / 2 % CONTAINERS )); host=$([ $(( {} % 2 )) = 0 ] && echo default || echo second)
  call POST /environments "{\"id\":\"fleet-{}\",\"organization_id\":\"$ORG\",\"name\":\"Fleet {}\",\"db_name\":\"odoo_fleet_c$c\",\"db_container\":\"fleet-c${c}_db\",\"odoo_container\":\"fleet-c${c}_odoo\",\"docker_host_id\":\"$host\"}" &&
  call PUT /backups/environments/fleet-{}/policy "{\"enabled\":true,\"schedule_time\":\"$AT\",\"schedule_window_minutes\":$WINDOW,\"include_filestore\":false}"'
[ "$(date +%s)" -lt "$START" ] || { echo "registering took past the window's start: raise the lead"; exit 1; }
echo "Waiting for the window ($AT UTC)..."
completed() { psql_records "SELECT count(*) FROM backup WHERE status = 'completed'"; }
# the number of items running at once, in all and on each host, sampled five times a second
(while :; do psql_records "SELECT count(*), count(*) FILTER (WHERE docker_host_id = 'default'), count(*) FILTER (WHERE docker_host_id = 'second')
                          FROM work_item WHERE status = 'running'" 2>/dev/null; sleep 0.2; done > "$WORK/running.log") &
SAMPLER=$!
KILLED=no
DEADLINE=$(( START + WINDOW * 60 + 900 ))
while :; do
  done_now=$(completed)
  if [ "$KILLED" = no ] && [ "$done_now" -ge $((ENVIRONMENTS / 2)) ]; then
    victim=$((INSTANCES - 1))
    kill -9 "${PIDS[$victim]}"; KILLED="instance $victim at $done_now completed"
    echo "Killed instance $victim (-9) with $done_now of $ENVIRONMENTS completed"
  fi
  envs=$(psql_records "SELECT count(DISTINCT environment_id) FROM backup WHERE status = 'completed' AND backup_type = 'scheduled'")
  queued=$(psql_records "SELECT count(*) FROM work_item")
  [ "$envs" -ge "$ENVIRONMENTS" ] && [ "$queued" = 0 ] && break
  [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "not done after the window and 15 minutes: $envs of $ENVIRONMENTS"; break; }
  sleep 1
done
sleep 3  # room for a second run of anything, which must not come
kill "$SAMPLER" 2>/dev/null || true

read -r EXPECTED DONE LOST TWICE MAKESPAN TOTAL P95 LATE <<<"$(psql_records "
WITH per_env AS (
  SELECT e.id, count(b.id) FILTER (WHERE b.status = 'completed') AS completed
    FROM environment e LEFT JOIN backup b ON b.environment_id = e.id AND b.backup_type = 'scheduled'
   WHERE e.id LIKE 'fleet-%' GROUP BY e.id
), runs AS (
  SELECT b.started_at, b.completed_at, p.last_planned_at AS planned, p.last_outcome
    FROM backup b JOIN backup_policy p ON p.last_backup_id = b.id WHERE b.status = 'completed'
)
SELECT (SELECT count(*) FROM per_env),
       (SELECT count(*) FROM per_env WHERE completed >= 1),
       (SELECT count(*) FROM per_env WHERE completed = 0),
       (SELECT count(*) FROM per_env WHERE completed > 1),
       (SELECT round(extract(epoch FROM max(completed_at) - to_timestamp($START))::numeric, 1) FROM runs),
       (SELECT round(extract(epoch FROM sum(completed_at - started_at))::numeric, 1) FROM runs),
       (SELECT round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - planned))::numeric, 1) FROM runs),
       (SELECT count(*) FROM runs WHERE last_outcome = 'late')" | tr '|' ' ')"
INTERRUPTED=$(psql_records "SELECT count(*) FROM backup WHERE error_message LIKE '%interrupted%'")
PEAK=$(cut -d'|' -f1 "$WORK/running.log" | sort -n | tail -1)
PEAK_DEFAULT=$(cut -d'|' -f2 "$WORK/running.log" | sort -n | tail -1)
PEAK_SECOND=$(cut -d'|' -f3 "$WORK/running.log" | sort -n | tail -1)
SLOTS=$((INSTANCES * WORKERS < 2 * HOST_LIMIT ? INSTANCES * WORKERS : 2 * HOST_LIMIT))  # what the workers and the hosts' limits allow at once
# no backup may start before its planned time: the ideal is the window, or the run time over the slots if longer
IDEAL=$(echo "scale=1; w = $WINDOW * 60; t = $TOTAL / $SLOTS; if (t > w) t else w" | bc)
echo
echo "| set | environments | instances x workers | completed / expected | lost | run twice | interrupted (retried) | makespan s | ideal s | makespan / ideal | p95 lateness s | late | peak running | peak per host (limit $HOST_LIMIT) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '| %s | %s | %s x %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | default %s, second %s |\n' "$SET" "$ENVIRONMENTS" "$INSTANCES" "$WORKERS" \
  "$DONE" "$EXPECTED" "$LOST" "$TWICE" "$INTERRUPTED" "$MAKESPAN" "$IDEAL" "$(echo "scale=2; $MAKESPAN / $IDEAL" | bc)" "$P95" "$LATE" "$PEAK" \
  "$PEAK_DEFAULT" "$PEAK_SECOND"
echo
echo "Killed: $KILLED. Window: $WINDOW minutes from $AT UTC; the makespan runs from the window's start (planned starts are spread"
echo "over it) to the last completion; the ideal is the window itself, or the sum of the backups' run times over the $SLOTS"
echo "slots the workers and the hosts' limits allow at once when that is longer (total run time $TOTAL s)."
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
[ "$LOST" = 0 ] && [ "$TWICE" = 0 ] && [ "$DONE" = "$EXPECTED" ] && [ "$PEAK_DEFAULT" -le "$HOST_LIMIT" ] && [ "$PEAK_SECOND" -le "$HOST_LIMIT" ]
