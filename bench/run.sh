#!/usr/bin/env bash
# Benchmark: one backup of the same Odoo-like environment, (a) by the shell script users would otherwise
# run (pg_dump, tar czf in the container, zip, aws s3 cp) and (b) by the service through its API, both to
# the same S3Proxy, in one run. Prints wall times, the ratio service/baseline, throughput, and the
# service's peak heap and RSS.
#   bench/run.sh            full data set: ~1 GB database dump, ~2 GB filestore (text and binary)
#   bench/run.sh --small    ~100 MB dump, ~200 MB filestore, for a quick run
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
  scripts/test-env.sh remove "$ENV"
  aws s3 rb --force "s3://$BUCKET" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }

scripts/infra.sh up
[ -f target/odoo-backup.jar ] || mvn -q -B package -DskipTests
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
backup() {
  ID=$(curl -sf "${H[@]}" -X POST "$API/backups/environments/$ENV/backups" -d "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    STATUS=$(curl -sf "${H[@]}" "$API/backups/$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    HEAP_KB=$(jstat -gc "$SERVICE_PID" 2>/dev/null | awk 'NR==2 {print int($3+$4+$6+$8)}')
    [ -n "$HEAP_KB" ] && [ "$HEAP_KB" -gt "$PEAK_HEAP" ] && PEAK_HEAP=$HEAP_KB
    case $STATUS in completed|failed) break ;; esac
    sleep 0.2
  done
}
PEAK_HEAP=0
echo "  warm-up backup (database only, not timed)"
backup '{"include_filestore":false}'
echo "  timed backup"
t2=$(now)
backup '{}'
t3=$(now)
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVICE_PID/status")
BACKUP=$(curl -sf "${H[@]}" "$API/backups/$ID")
[ "$STATUS" = completed ] || { echo "service backup $STATUS: $BACKUP"; exit 1; }
SVC_ZIP=$(echo "$BACKUP" | python3 -c 'import json,sys; print(json.load(sys.stdin)["compressed_size"])')

python3 - "$t0" "$t1" "$t2" "$t3" "$DUMP_BYTES" "$RAW_FILESTORE" "$BASE_ZIP" "$SVC_ZIP" "$PEAK_HEAP" "$RSS_KB" "$HEAP" <<'PY'
import sys
t0, t1, t2, t3 = map(float, sys.argv[1:5])
dump, raw, base_zip, svc_zip, heap_kb, rss_kb = map(int, sys.argv[5:11])
base, svc = t1 - t0, t3 - t2
mb = (dump + raw) / 1048576
print()
print(f"data set: dump {dump/1048576:.0f} MB, filestore {raw/1048576:.0f} MB raw")
print(f"{'':22}{'wall s':>10}{'MB/s':>10}{'ZIP MB':>10}")
print(f"{'baseline (shell)':22}{base:>10.1f}{mb/base:>10.1f}{base_zip/1048576:>10.0f}")
print(f"{'service (API)':22}{svc:>10.1f}{mb/svc:>10.1f}{svc_zip/1048576:>10.0f}")
print(f"ratio service/baseline: {svc/base:.2f}")
print(f"service peak heap: {heap_kb/1024:.0f} MB (-Xmx{sys.argv[11]}), peak RSS: {rss_kb/1024:.0f} MB")
PY
