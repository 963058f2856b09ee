#!/usr/bin/env bash
# Benchmark, in one run against the same Odoo-like environment and the same S3Proxy:
#  backup:  (a) the shell script users would otherwise run (pg_dump, tar czf in the container, zip, aws s3 cp)
#           (b) the service through its API, then the same backup stored encrypted (age): encrypted/plain
#  restore: (a) by hand, in sequence: aws s3 cp of the service's backup, unzip, psql into a new database,
#               tar -x into a new folder in the Odoo container
#           (b) the service through its API, after one warm-up restore (no pre-restore backup, so both do the
#               same work; the service also checks every checksum, stops Odoo, swaps and starts it again)
# Prints wall times, the ratios service/baseline, throughput, and the service's peak heap and RSS.
#   bench/run.sh            full data set: ~1 GB database dump, ~2 GB filestore (text and binary)
#   bench/run.sh --small    ~100 MB dump, ~200 MB filestore, for a quick run
# BENCH_TRACE=1 also prints when each task step began; the service's log stays in target/bench-service.log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=5000000; FILESTORE_MB=2000; HEAP=256m
if [ "${1:-}" = "--small" ]; then ROWS=500000; FILESTORE_MB=200; fi
ENV=bench; DB=odoo_bench; BUCKET=bench-$(date +%s); PORT=${BENCH_PORT:-18490}
WORK=$(mktemp -d /var/tmp/odoo-backup-bench.XXXXXX)
export AWS_ACCESS_KEY_ID=test-access-key AWS_SECRET_ACCESS_KEY=test-secret-key AWS_DEFAULT_REGION=us-east-1 \
       AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required AWS_PAGER=
S3=http://127.0.0.1:${S3PROXY_PORT:-18480}
aws() { /usr/bin/aws --endpoint-url "$S3" "$@"; }
SERVICE_PID=
cleanup() {
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null || true
  cp "$WORK/service.log" target/bench-service.log 2>/dev/null || true
  scripts/test-env.sh remove "$ENV"
  aws s3 rb --force "s3://$BUCKET" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }

scripts/infra.sh up
mvn -q -B package -DskipTests  # the jar of this tree, never a stale one
echo "Building the data set ($ROWS partner rows, ${FILESTORE_MB} MB filestore)..."
scripts/test-env.sh create "$ENV" --org bench --db-name "$DB" --rows "$ROWS" --filestore-mb "$FILESTORE_MB" >/dev/null
aws s3 mb "s3://$BUCKET" >/dev/null

echo "Baseline: pg_dump > dump.sql; tar czf in the container; zip; aws s3 cp"
mkdir -p "$WORK/baseline"
t0=$(now)
docker exec "${ENV}_db" pg_dump -U odoo -d "$DB" > "$WORK/baseline/dump.sql"
docker exec "${ENV}_odoo" tar czf - -C "/var/lib/odoo/filestore/$DB" . > "$WORK/baseline/filestore.tar.gz"
echo '{"version":"1.0"}' > "$WORK/baseline/manifest.json"
(cd "$WORK/baseline" && zip -q backup.zip dump.sql filestore.tar.gz manifest.json)
aws s3 cp --only-show-errors "$WORK/baseline/backup.zip" "s3://$BUCKET/baseline/backup.zip"
t1=$(now)
DUMP_BYTES=$(stat -c %s "$WORK/baseline/dump.sql")
RAW_FILESTORE=$(docker exec "${ENV}_odoo" du -sb "/var/lib/odoo/filestore/$DB" | cut -f1)
BASE_ZIP=$(stat -c %s "$WORK/baseline/backup.zip")
rm -rf "$WORK/baseline"

echo "Service: POST /api/v1/backups/environments/$ENV/backups (-Xmx$HEAP)"
TOKEN=bench-token-$(date +%s)
# S3Proxy listens on this machine: allowed as a storage endpoint for this run only
BACKUP_HTTP_PORT=$PORT BACKUP_DATA_DIR="$WORK/data" BACKUP_TMP_DIR="$WORK/tmp" BACKUP_ADMIN_TOKEN=$TOKEN BACKUP_STORAGE_ALLOWED_NETWORKS=127.0.0.1/32 \
  java -Xmx$HEAP -jar target/odoo-backup.jar > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
API=http://127.0.0.1:$PORT/api/v1; H=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
for _ in $(seq 1 120); do curl -s -o /dev/null "$API/tasks/x" && break; sleep 0.5; done
curl -sf "${H[@]}" -X POST "$API/environments" -d "{\"id\":\"$ENV\",\"organization_id\":\"bench\",\"name\":\"Bench\",\"db_name\":\"$DB\"}" >/dev/null
curl -sf "${H[@]}" -X POST "$API/backups/storage-configs" -d "{\"organization_id\":\"bench\",\"name\":\"S3Proxy\",\"provider\":\"minio\",\"bucket\":\"$BUCKET\",\"endpoint_url\":\"$S3\",\"access_key\":\"$AWS_ACCESS_KEY_ID\",\"secret_key\":\"$AWS_SECRET_ACCESS_KEY\"}" >/dev/null
# The service is a daemon: time it as it runs in production, after one backup has warmed up its JVM.
field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
# The heap in use, sampled twice a second by a process of its own (jstat is too slow to run between polls).
(while kill -0 "$SERVICE_PID" 2>/dev/null; do
   jstat -gc "$SERVICE_PID" 2>/dev/null | awk -v t="$(now)" 'NR==2 {print t, int($3+$4+$6+$8)}'; sleep 0.5
 done > "$WORK/heap.log") &
peak_heap() { awk -v from="$1" -v to="$2" '$1 >= from && $1 <= to && $2 > peak {peak = $2} END {print peak + 0}' "$WORK/heap.log"; }
# Waits until the record at $1 has ended, polling every 0.1 s; STATUS is its last status.
await_record() {
  local started step last_step=
  started=$(now)
  while :; do
    RECORD=$(curl -sf "${H[@]}" "$1")
    STATUS=$(echo "$RECORD" | field status)
    if [ -n "${BENCH_TRACE:-}" ]; then
      step=$(curl -sf "${H[@]}" "$API/tasks/$(echo "$RECORD" | field task_id)" | field step)
      [ "$step" != "$last_step" ] && awk -v t="$(now)" -v s="$started" -v step="$step" 'BEGIN {printf "    %6.1f s  %s\n", t - s, step}' && last_step=$step
    fi
    case $STATUS in completed|failed) break ;; esac
    sleep 0.1
  done
}
backup() {
  ID=$(curl -sf "${H[@]}" -X POST "$API/backups/environments/$ENV/backups" -d "$1" | field id)
  await_record "$API/backups/$ID"
}
echo "  warm-up backup (database only, not timed)"
backup '{"include_filestore":false}'
WARM_UP_BACKUP=$ID
echo "  timed backup"
t2=$(now)
backup '{}'
t3=$(now)
BACKUP=$(curl -sf "${H[@]}" "$API/backups/$ID")
[ "$STATUS" = completed ] || { echo "service backup $STATUS: $BACKUP"; exit 1; }
SVC_ZIP=$(echo "$BACKUP" | field compressed_size)
BACKUP_HEAP=$(peak_heap "$t2" "$t3")
# the same backup stored encrypted (age): what encryption costs, measured in this run
echo "  timed backup, encrypted (age)"
AGE_CONFIG=$(curl -sf "${H[@]}" -X POST "$API/backups/storage-configs" -d "{\"organization_id\":\"bench\",\"name\":\"S3Proxy age\",\"provider\":\"minio\",\"bucket\":\"$BUCKET\",\"endpoint_url\":\"$S3\",\"access_key\":\"$AWS_ACCESS_KEY_ID\",\"secret_key\":\"$AWS_SECRET_ACCESS_KEY\",\"encryption\":\"age\"}" | field id)
PLAIN_ID=$ID
t9=$(now)
backup "{\"storage_config_id\":\"$AGE_CONFIG\"}"
t10=$(now)
[ "$STATUS" = completed ] || { echo "encrypted backup $STATUS: $(curl -s "${H[@]}" "$API/backups/$ID")"; exit 1; }
AGE_HEAP=$(peak_heap "$t9" "$t10")
ID=$PLAIN_ID

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

echo "Service: POST /api/v1/backups/$ID/restore (-Xmx$HEAP)"
restore() {
  RESTORE=$(curl -sf "${H[@]}" -X POST "$API/backups/$1/restore" -d '{"pre_restore_backup":false}' | field id)
  await_record "$API/restores/$RESTORE"
}
echo "  warm-up restore of the warm-up backup (database only, not timed)"
restore "$WARM_UP_BACKUP"
echo "  timed restore"
t7=$(now)
restore "$ID"
t8=$(now)
[ "$STATUS" = completed ] || { echo "service restore $STATUS: $(curl -s "${H[@]}" "$API/restores/$RESTORE")"; exit 1; }
RESTORE_HEAP=$(peak_heap "$t7" "$t8")
SVC_FILES=$(docker exec "${ENV}_odoo" find "/var/lib/odoo/filestore/$DB" -type f | wc -l)
[ "$SVC_FILES" = "$HAND_FILES" ] || { echo "restored filestores differ: service $SVC_FILES files, by hand $HAND_FILES"; exit 1; }
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVICE_PID/status")

python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$t6" "$t7" "$t8" \
  "$DUMP_BYTES" "$RAW_FILESTORE" "$BASE_ZIP" "$SVC_ZIP" "$BACKUP_HEAP" "$RESTORE_HEAP" "$RSS_KB" "$HEAP" "$t9" "$t10" "$AGE_HEAP" <<'PY'
import sys
t0, t1, t2, t3, t4, t5, t6, t7, t8 = map(float, sys.argv[1:10])
dump, raw, base_zip, svc_zip, backup_heap, restore_heap, rss_kb = map(int, sys.argv[10:17])
heap = sys.argv[17]
t9, t10 = map(float, sys.argv[18:20])
age_heap = int(sys.argv[20])
base, svc = t1 - t0, t3 - t2
fetch, by_hand, svc_restore = t5 - t4, t6 - t5, t8 - t7
mb = (dump + raw) / 1048576
print()
print(f"data set: dump {dump/1048576:.0f} MB, filestore {raw/1048576:.0f} MB raw")
print(f"{'':34}{'wall s':>10}{'MB/s':>10}{'ZIP MB':>10}")
print(f"{'backup, baseline (shell)':34}{base:>10.1f}{mb/base:>10.1f}{base_zip/1048576:>10.0f}")
print(f"{'backup, service (API)':34}{svc:>10.1f}{mb/svc:>10.1f}{svc_zip/1048576:>10.0f}")
print(f"{'backup, service, encrypted (age)':34}{t10 - t9:>10.1f}{mb/(t10 - t9):>10.1f}")
print(f"{'restore, by hand (unzip+psql+tar)':34}{by_hand:>10.1f}{mb/by_hand:>10.1f}")
print(f"{'restore, by hand (+ aws s3 cp)':34}{fetch + by_hand:>10.1f}{mb/(fetch + by_hand):>10.1f}")
print(f"{'restore, service (API)':34}{svc_restore:>10.1f}{mb/svc_restore:>10.1f}")
print(f"backup ratio service/baseline: {svc/base:.2f}; encrypted/plain: {(t10 - t9)/svc:.2f} (peak heap {age_heap/1024:.0f} MB)")
print(f"restore ratio service/(unzip+psql+tar): {svc_restore/by_hand:.2f}; service/(aws s3 cp+unzip+psql+tar): {svc_restore/(fetch + by_hand):.2f}")
print(f"service peak heap: backup {backup_heap/1024:.0f} MB, restore {restore_heap/1024:.0f} MB (-Xmx{heap}); peak RSS: {rss_kb/1024:.0f} MB")
PY
