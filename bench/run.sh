#!/usr/bin/env bash
# Benchmark, in one run against the same Odoo-like environment and the same S3Proxy:
#  backup:  (a) the shell script users would otherwise run (pg_dump, tar czf in the container, zip, aws s3 cp),
#               each step timed
#           (b) the service through its API (-Xmx256m), after one warm-up backup: its own phase times (from its log),
#               peak heap, peak RSS and the peak size of BACKUP_TMP_DIR, sampled twice a second; then the same backup
#               stored encrypted (age)
#  restore: (a) by hand, in sequence: aws s3 cp of the service's backup, unzip, psql into a new database,
#               tar -x into a new folder in the Odoo container
#           (b) the service through its API, after one warm-up restore (no pre-restore backup, so both do the
#               same work; the service also checks every checksum, stops Odoo, swaps and starts it again)
# Data sets (dump from partner rows; filestore a third random, a third text, a third base64):
#   bench/run.sh            ~1 GB dump, ~2 GB filestore
#   bench/run.sh --1g       ~60 MB dump, ~1 GB filestore
#   bench/run.sh --small    ~100 MB dump, ~200 MB filestore (dump-heavy)
#   bench/run.sh --scale    ~10 GB filestore: the service alone (no baseline, no restore), for memory and temp disk
# Options (environment):
#   BENCH_LEVELS="1 3 6"    also back up at each BACKUP_GZIP_LEVEL: time and size (a service start each)
#   BENCH_CONCURRENT=3      also back up that many copies of the environment, each alone, then all at once
#   BENCH_RESTORE=0         skip the restore comparison
#   BENCH_TRACE=1           print when each task step began; the service's log stays in target/bench-service.log
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=5000000; FILESTORE_MB=2000; HEAP=256m; BASELINE=1; RESTORE=${BENCH_RESTORE:-1}; SET=default
case "${1:-}" in
  --small) ROWS=500000; FILESTORE_MB=200; SET=small ;;
  --1g) ROWS=300000; FILESTORE_MB=1070; SET=1g ;;
  --scale) ROWS=20000; FILESTORE_MB=10240; BASELINE=0; RESTORE=0; SET=scale ;;
  "") ;;
  *) echo "usage: bench/run.sh [--small|--1g|--scale]" >&2; exit 2 ;;
esac
ENV=bench; DB=odoo_bench; BUCKET=bench-$(date +%s); PORT=${BENCH_PORT:-18490}
CONCURRENT=${BENCH_CONCURRENT:-0}
WORK=$(mktemp -d /var/tmp/odoo-backup-bench.XXXXXX)
export AWS_ACCESS_KEY_ID=test-access-key AWS_SECRET_ACCESS_KEY=test-secret-key AWS_DEFAULT_REGION=us-east-1 \
       AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required AWS_PAGER=
S3=http://127.0.0.1:${S3PROXY_PORT:-18480}
aws() { /usr/bin/aws --endpoint-url "$S3" "$@"; }
SERVICE_PID=; SAMPLER_PID=
ENVS=("$ENV"); for i in $(seq 2 "$CONCURRENT"); do ENVS+=("$ENV$i"); done
stop_service() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  SERVICE_PID=; SAMPLER_PID=
  cat "$WORK/service.log" >> "$WORK/service-all.log" 2>/dev/null || true
}
cleanup() {
  stop_service
  cp "$WORK/service-all.log" target/bench-service.log 2>/dev/null || true
  for e in "${ENVS[@]}"; do scripts/test-env.sh remove "$e"; done
  aws s3 rb --force "s3://$BUCKET" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
RESULTS=$WORK/results.tsv  # one row per measured run, for the table at the end

scripts/infra.sh up
mvn -q -B package -DskipTests  # the jar of this tree, never a stale one
echo "Building the data set ($ROWS partner rows, ${FILESTORE_MB} MB filestore)..."
for e in "${ENVS[@]}"; do
  scripts/test-env.sh create "$e" --org bench --db-name "$DB" --rows "$ROWS" --filestore-mb "$FILESTORE_MB" >/dev/null
done
aws s3 mb "s3://$BUCKET" >/dev/null
DUMP_BYTES=$(docker exec "${ENV}_db" pg_dump -U odoo -d "$DB" | wc -c)
RAW_FILESTORE=$(docker exec "${ENV}_odoo" du -sb "/var/lib/odoo/filestore/$DB" | cut -f1)

if [ "$BASELINE" = 1 ]; then
  echo "Baseline: pg_dump > dump.sql; tar czf in the container; zip; aws s3 cp"
  mkdir -p "$WORK/baseline"; cd "$WORK/baseline"
  b0=$(now)
  docker exec "${ENV}_db" pg_dump -U odoo -d "$DB" > dump.sql; b1=$(now)
  docker exec "${ENV}_odoo" tar czf - -C "/var/lib/odoo/filestore/$DB" . > filestore.tar.gz; b2=$(now)
  echo '{"version":"1.0"}' > manifest.json
  zip -q backup.zip dump.sql filestore.tar.gz manifest.json; b3=$(now)
  TEMP=$(du -sb . | cut -f1)
  /usr/bin/aws --endpoint-url "$S3" s3 cp --only-show-errors backup.zip "s3://$BUCKET/baseline/backup.zip"; b4=$(now)
  printf 'baseline (shell)\t%s\t%s\t%s\t%s\t-\t%s\t%s\t-\t-\t%s\n' "$(echo "$b1 - $b0" | bc)" "$(echo "$b2 - $b1" | bc)" \
    "$(echo "$b3 - $b2" | bc)" "$(echo "$b4 - $b3" | bc)" "$(echo "$b4 - $b0" | bc)" "$(stat -c %s backup.zip)" "$TEMP" >> "$RESULTS"
  cd - >/dev/null; rm -rf "$WORK/baseline"
fi

API=http://127.0.0.1:$PORT/api/v1
TOKEN=bench-token-$(date +%s); H=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
# S3Proxy listens on this machine: allowed as a storage endpoint for this run only
start_service() {  # $1: BACKUP_GZIP_LEVEL, or empty for the service's default
  rm -rf "$WORK/tmp"; mkdir -p "$WORK/tmp"
  # as many workers as backups run at once in the concurrency run (the default is 2)
  env ${1:+BACKUP_GZIP_LEVEL=$1} BACKUP_WORKERS=$(( CONCURRENT > 2 ? CONCURRENT : 2 )) BACKUP_HTTP_PORT=$PORT BACKUP_MANAGEMENT_PORT=$((PORT + 1)) BACKUP_DATA_DIR="$WORK/data" \
    BACKUP_TMP_DIR="$WORK/tmp" BACKUP_ADMIN_TOKEN=$TOKEN BACKUP_STORAGE_ALLOWED_NETWORKS=127.0.0.1/32 \
    java -Xmx$HEAP -jar target/odoo-backup.jar > "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  # ready: records, Docker and Quartz up, and every route started (the HTTP port answers a little before)
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 1))/observe/health/ready" && break; sleep 0.25; done
  # heap in use, RSS and the size of BACKUP_TMP_DIR, twice a second: one jstat for the whole run (a jstat per
  # sample is a JVM start, a fifth of a core taken from the service being measured)
  (jstat -gc "$SERVICE_PID" 500 2>/dev/null | awk 'NR > 1 {print int($3 + $4 + $6 + $8); fflush()}' | while read -r heap; do
     rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVICE_PID/status" 2>/dev/null)
     echo "$EPOCHREALTIME $heap ${rss:-0} $(du -sb "$WORK/tmp" 2>/dev/null | cut -f1)"
   done > "$WORK/samples.log") &
  SAMPLER_PID=$!
}
peak() { awk -v from="$1" -v to="$2" -v col="$3" '$1 >= from && $1 <= to && $col > peak {peak = $col} END {print peak + 0}' "$WORK/samples.log"; }
# Waits until the record at $1 has ended; ENDED is when its task's last event came, STATUS the record's status.
# It follows the task's event stream rather than polling: a poll a tenth of a second (curl, python) would take
# CPU from the two cores being measured, and would see the end up to a poll late.
await_record() {
  local started=$EPOCHREALTIME line step last_step=
  RECORD=$(curl -sf "${H[@]}" "$1")
  curl -sfN "${H[@]}" "$API/tasks/$(echo "$RECORD" | field task_id)/events" | while IFS= read -r line; do
    [ -n "${BENCH_TRACE:-}" ] || continue
    case $line in data:*) ;; *) continue ;; esac
    step=${line#*\"step\":\"}; step=${step%%\"*}
    [ "$step" != "$last_step" ] && awk -v t="$EPOCHREALTIME" -v s="$started" -v step="$step" 'BEGIN {printf "    %6.1f s  %s\n", t - s, step}'
    last_step=$step
  done
  ENDED=$EPOCHREALTIME
  while :; do  # the record is written before the task's last event; read again should it lag
    RECORD=$(curl -sf "${H[@]}" "$1")
    STATUS=$(echo "$RECORD" | field status)
    case $STATUS in completed|failed) break ;; esac
    sleep 0.1
  done
}
start_backup() {  # $1: environment, $2: request body; BACKUP_ID
  BACKUP_ID=$(curl -sf "${H[@]}" -X POST "$API/backups/environments/$1/backups" -d "$2" | field id)
}
backup() {  # $1: environment, $2: request body
  start_backup "$1" "$2"
  await_record "$API/backups/$BACKUP_ID"
  [ "$STATUS" = completed ] || { echo "backup $STATUS: $RECORD"; exit 1; }
}
# One timed backup, as a row of the table: $1 its label, $2 the request body.
measured_backup() {
  local t0 t1 phases
  t0=$(now); backup "$ENV" "$2"; t1=$ENDED; sleep 1  # one more sample after the end
  phases=$(grep "Backup $BACKUP_ID of environment .* completed" "$WORK/service.log" | sed 's/.*(\(.*\))$/\1/')
  python3 - "$1" "$phases" "$t0" "$t1" "$(echo "$RECORD" | field compressed_size)" "$(peak "$t0" "$t1" 2)" \
    "$(peak "$t0" "$t1" 3)" "$(peak "$t0" "$t1" 4)" >> "$RESULTS" <<'PY'
import sys
label, phases, t0, t1, size, heap, rss, temp = sys.argv[1:9]
times = dict((p.rsplit(" ", 2)[0], p.rsplit(" ", 2)[1]) for p in phases.split(", ") if p)
print("\t".join([label] + [times.get(k, "-") for k in ("dump", "archive", "package", "upload", "verify")]
                + [f"{float(t1) - float(t0):.2f}", size, heap, rss, temp]))
PY
}
register() {  # the environments and an S3 storage configuration (default)
  for e in "${ENVS[@]}"; do
    curl -sf "${H[@]}" -X POST "$API/environments" -d "{\"id\":\"$e\",\"organization_id\":\"bench\",\"name\":\"Bench $e\",\"db_name\":\"$DB\"}" >/dev/null || true
  done
  curl -sf "${H[@]}" -X POST "$API/backups/storage-configs" -d "{\"organization_id\":\"bench\",\"name\":\"S3Proxy\",\"provider\":\"minio\",\"bucket\":\"$BUCKET\",\"endpoint_url\":\"$S3\",\"access_key\":\"$AWS_ACCESS_KEY_ID\",\"secret_key\":\"$AWS_SECRET_ACCESS_KEY\"}" >/dev/null || true
}

echo "Service: POST /api/v1/backups/environments/$ENV/backups (-Xmx$HEAP)"
start_service ""
register
# The service is a daemon: time it as it runs in production, after one backup has warmed up its JVM.
echo "  warm-up backup (not timed; database only for --scale, where memory and disk are what is measured)"
if [ "$SET" = scale ]; then backup "$ENV" '{"include_filestore":false}'; else backup "$ENV" '{}'; fi
echo "  timed backup"
measured_backup "service" '{}'
PLAIN_ID=$BACKUP_ID; BACKUP=$RECORD
if [ "$SET" != scale ]; then
  echo "  timed backup, encrypted (age)"
  AGE_CONFIG=$(curl -sf "${H[@]}" -X POST "$API/backups/storage-configs" -d "{\"organization_id\":\"bench\",\"name\":\"S3Proxy age\",\"provider\":\"minio\",\"bucket\":\"$BUCKET\",\"endpoint_url\":\"$S3\",\"access_key\":\"$AWS_ACCESS_KEY_ID\",\"secret_key\":\"$AWS_SECRET_ACCESS_KEY\",\"encryption\":\"age\"}" | field id)
  measured_backup "service, encrypted (age)" "{\"storage_config_id\":\"$AGE_CONFIG\"}"
fi

if [ "$CONCURRENT" -gt 0 ]; then
  echo "Concurrency: ${ENVS[*]} each alone, then all at once"
  # how busy the machine's cores were (from /proc/stat): what sharing them at once can gain
  ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }
  busy() { echo "$1 $2" | awk '{busy = $3 - $1; idle = $4 - $2; printf "%.0f", 100 * busy / (busy + idle)}'; }
  SLOWEST=0; SUM=0; ALONE_BUSY=0; ALONE_IDLE=0
  for e in "${ENVS[@]}"; do
    c0=$(ticks); t0=$(now); backup "$e" '{}'; t1=$ENDED; c1=$(ticks)
    SLOWEST=$(echo "if ($t1 - $t0 > $SLOWEST) $t1 - $t0 else $SLOWEST" | bc); SUM=$(echo "$SUM + $t1 - $t0" | bc)
    read -r b0 i0 <<< "$c0"; read -r b1 i1 <<< "$c1"
    ALONE_BUSY=$((ALONE_BUSY + b1 - b0)); ALONE_IDLE=$((ALONE_IDLE + i1 - i0))
  done
  c0=$(ticks); t0=$(now); IDS=()
  for e in "${ENVS[@]}"; do start_backup "$e" '{}'; IDS+=("$BACKUP_ID"); done
  t1=$t0
  for id in "${IDS[@]}"; do
    await_record "$API/backups/$id"; [ "$STATUS" = completed ] || { echo "concurrent backup $STATUS"; exit 1; }
    t1=$(echo "if ($ENDED > $t1) $ENDED else $t1" | bc)
  done
  c1=$(ticks)
  printf 'concurrency\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${#ENVS[@]}" "$SLOWEST" "$(echo "$t1 - $t0" | bc)" "$(peak "$t0" "$t1" 3)" \
    "$(peak "$t0" "$t1" 4)" "$SUM" "$(busy "0 0" "$ALONE_BUSY $ALONE_IDLE")" "$(busy "$c0" "$c1")" > "$WORK/concurrency.tsv"
fi

RESTARTED=
for level in ${BENCH_LEVELS:-}; do
  echo "  timed backup at BACKUP_GZIP_LEVEL=$level (after a restart and a warm-up)"
  stop_service; start_service "$level"; RESTARTED=1
  backup "$ENV" '{}'
  measured_backup "service, level $level" '{}'
done

if [ "$RESTORE" = 1 ]; then
  if [ -n "$RESTARTED" ]; then stop_service; start_service ""; fi
  backup "$ENV" '{"include_filestore":false}'
  WARM_UP_BACKUP=$BACKUP_ID
  echo "Restore by hand: aws s3 cp; unzip; psql into a new database; tar -x into a new folder"
  KEY=$(echo "$BACKUP" | field backup_key)
  mkdir -p "$WORK/restore"
  t4=$(now)
  aws s3 cp --only-show-errors "s3://$BUCKET/$KEY" "$WORK/restore/backup.zip"
  t5=$(now)
  (cd "$WORK/restore" && unzip -q backup.zip dump.sql filestore.tar.gz)
  docker exec "${ENV}_db" createdb -U odoo "${DB}_byhand"
  docker exec -i "${ENV}_db" psql -q -v ON_ERROR_STOP=1 -U odoo -d "${DB}_byhand" < "$WORK/restore/dump.sql" >/dev/null
  docker exec "${ENV}_odoo" mkdir -p /var/lib/odoo/filestore/byhand
  docker exec -i "${ENV}_odoo" tar xzf - -C /var/lib/odoo/filestore/byhand < "$WORK/restore/filestore.tar.gz"
  t6=$(now)
  HAND_FILES=$(docker exec "${ENV}_odoo" find /var/lib/odoo/filestore/byhand -type f | wc -l)
  docker exec "${ENV}_db" dropdb -U odoo "${DB}_byhand"
  docker exec "${ENV}_odoo" rm -rf /var/lib/odoo/filestore/byhand
  rm -rf "$WORK/restore"
  echo "Service: POST /api/v1/backups/$PLAIN_ID/restore (-Xmx$HEAP)"
  restore() {
    RESTORE_ID=$(curl -sf "${H[@]}" -X POST "$API/backups/$1/restore" -d '{"pre_restore_backup":false}' | field id)
    await_record "$API/restores/$RESTORE_ID"
  }
  echo "  warm-up restore of the warm-up backup (database only, not timed)"
  restore "$WARM_UP_BACKUP"
  echo "  timed restore"
  t7=$(now); restore "$PLAIN_ID"; t8=$(now)
  [ "$STATUS" = completed ] || { echo "service restore $STATUS: $(curl -s "${H[@]}" "$API/restores/$RESTORE_ID")"; exit 1; }
  SVC_FILES=$(docker exec "${ENV}_odoo" find "/var/lib/odoo/filestore/$DB" -type f | wc -l)
  [ "$SVC_FILES" = "$HAND_FILES" ] || { echo "restored filestores differ: service $SVC_FILES files, by hand $HAND_FILES"; exit 1; }
  printf 'restore\t%s\t%s\t%s\t%s\n' "$(echo "$t5 - $t4" | bc)" "$(echo "$t6 - $t5" | bc)" "$(echo "$t8 - $t7" | bc)" "$(peak "$t7" "$t8" 2)" > "$WORK/restore.tsv"
fi

MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, Java $(java -version 2>&1 | awk -F'"' 'NR==1 {print $2}')"
python3 - "$SET" "$DUMP_BYTES" "$RAW_FILESTORE" "$HEAP" "$MACHINE" "$RESULTS" "$WORK/concurrency.tsv" "$WORK/restore.tsv" <<'PY'
import os, sys
name, dump, raw, heap, machine, results, concurrency, restore = sys.argv[1:9]
dump, raw = int(dump), int(raw)
mb = (dump + raw) / 1048576
rows = [line.rstrip("\n").split("\t") for line in open(results)]
base = next((float(r[6]) for r in rows if r[0].startswith("baseline")), None)
print()
print(f"data set '{name}': dump {dump / 1048576:.0f} MB, filestore {raw / 1048576:.0f} MB raw; service -Xmx{heap}; {machine}")
print()
print("| run | dump s | archive s | package s | upload s | verify s | wall s | ratio | MB/s | ZIP MB | peak heap MB | peak RSS MB | peak temp MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
fmt = lambda v, scale=1: "-" if v in ("-", "", "0") else f"{float(v) / scale:.0f}"
sec = lambda v: "-" if v in ("-", "") else f"{float(v.split()[0]):.1f}"
for r in rows:
    label, phases, wall, size, heap_kb, rss_kb, temp = r[0], r[1:6], float(r[6]), r[7], r[8], r[9], r[10]
    ratio = f"{wall / base:.2f}" if base else "-"
    print(f"| {label} | " + " | ".join(sec(p) for p in phases) + f" | {wall:.1f} | {ratio} | {mb / wall:.0f} | "
          f"{fmt(size, 1048576)} | {fmt(heap_kb, 1024)} | {fmt(rss_kb, 1024)} | {fmt(temp, 1048576)} |")
print()
print("Phases: the baseline's are its steps one after another; the service's overlap (the archive is uploaded while it")
print("is made, the dump runs beside it): dump and archive from their start, package = the dump taken into the ZIP and")
print("the manifest, upload = what was left to send once the ZIP was whole, verify = the read-back.")
if os.path.exists(concurrency):
    _, n, slowest, together, rss_kb, temp, total, busy_alone, busy_together = open(concurrency).read().split("\t")
    print(f"\n{n} environments: slowest alone {float(slowest):.1f} s, all at once {float(together):.1f} s "
          f"({float(together) / float(slowest):.2f}x the slowest alone, {float(together) / float(total):.2f}x the {float(total):.1f} s"
          f" of one after another); peak RSS {int(rss_kb) / 1024:.0f} MB, peak temp {int(temp) / 1048576:.0f} MB.")
    print(f"The cores were {busy_alone.strip()}% busy while each backed up alone, {busy_together.strip()}% while all backed up at once:"
          " a backup alone already keeps them busy (compression on all of them, the storage and Docker on the same"
          " machine), so at once they share the cores, and the time is that of the work, not of the slowest.")
if os.path.exists(restore):
    _, fetch, by_hand, svc, heap_kb = open(restore).read().split("\t")
    fetch, by_hand, svc = float(fetch), float(by_hand), float(svc)
    print(f"\nrestore: by hand (unzip+psql+tar) {by_hand:.1f} s, with aws s3 cp {fetch + by_hand:.1f} s; service {svc:.1f} s"
          f" (ratio {svc / by_hand:.2f}; {svc / (fetch + by_hand):.2f} counting the download); peak heap {int(heap_kb) / 1024:.0f} MB")
PY
