#!/usr/bin/env bash
# The incremental filestore (docs/api.md §15) against full backups and the shell baseline, in one run, on one S3Proxy:
#  1. a first night: the shell baseline (tar czf in the container, zip, aws s3 cp), a full backup and the first
#     incremental backup (every file new), each timed, with the bytes it uploaded and what the storage then holds
#  2. a night with 1% new files (Odoo's names, the data set's sizes) and 0.5% removed (Odoo's garbage collection):
#     a full and an incremental backup again
#  3. a restore of each (into the environment, no pre-restore backup): time, and the filestore checked by sha256sum
#  4. 30 nights on two smaller environments, each night adding 1% and removing 0.5%, backed up in both modes, the
#     backups the default GFS policy (7 daily, 4 weekly, 12 monthly, 2 yearly) would no longer keep deleted each night
#     (which sweeps the pool): what each mode stores after 30 nights, against one full backup. One environment has
#     the mixed files of the first (two thirds compress), the other only incompressible ones, as Odoo's PDFs and
#     images mostly are: gzip makes a full backup of the first smaller than its files, the pool stores files as they are
# Storage used is read with `aws s3 ls --summarize`, never from the service.
#   bench/incremental.sh           10 GB filestore (10240 files of 1 MB), 30-night runs on 300 MB
#   bench/incremental.sh --small   500 MB filestore, 30-night runs on 100 MB
set -euo pipefail
cd "$(dirname "$0")/.."
FILESTORE_MB=10240; NIGHTS_MB=300; SET=default
case "${1:-}" in
  --small) FILESTORE_MB=500; NIGHTS_MB=100; SET=small ;;
  "") ;;
  *) echo "usage: bench/incremental.sh [--small]" >&2; exit 2 ;;
esac
ENV=bench-inc; DB=odoo_bench_inc
NIGHTS=(bench-nights:odoo_bench_nights bench-nights-random:odoo_bench_nights_random)  # environment:database
BUCKET=bench-inc-$(date +%s); PORT=${BENCH_PORT:-18494}
WORK=$(mktemp -d /var/tmp/odoo-backup-bench-inc.XXXXXX)
export AWS_ACCESS_KEY_ID=test-access-key AWS_SECRET_ACCESS_KEY=test-secret-key AWS_DEFAULT_REGION=us-east-1 \
       AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required AWS_PAGER=
S3=http://127.0.0.1:${S3PROXY_PORT:-18480}
aws() { /usr/bin/aws --endpoint-url "$S3" "$@"; }
SERVICE_PID=
cleanup() {
  if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  cp "$WORK/service.log" target/bench-incremental-service.log 2>/dev/null || true
  for e in "$ENV" "${NIGHTS[@]%%:*}"; do scripts/test-env.sh remove "$e"; done
  aws s3 rb --force "s3://$BUCKET" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
stored() { aws s3 ls --recursive --summarize "s3://$BUCKET/$1/" | awk '/Total Size/ {print $3}'; }  # bytes under a prefix

scripts/infra.sh up
mvn -q -B package -DskipTests
echo "Building the data sets (${FILESTORE_MB} MB and twice ${NIGHTS_MB} MB filestores)..."
scripts/test-env.sh create "$ENV" --org bench --db-name "$DB" --rows 20000 --filestore-mb "$FILESTORE_MB" >/dev/null
scripts/test-env.sh create "${NIGHTS[0]%%:*}" --org bench --db-name "${NIGHTS[0]#*:}" --rows 20000 --filestore-mb "$NIGHTS_MB" >/dev/null
scripts/test-env.sh create "${NIGHTS[1]%%:*}" --org bench --db-name "${NIGHTS[1]#*:}" --rows 20000 --filestore-mb "$NIGHTS_MB" \
  --incompressible >/dev/null
aws s3 mb "s3://$BUCKET" >/dev/null

API=http://127.0.0.1:$PORT/api/v1
TOKEN=bench-token-$(date +%s); H=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
field() { python3 -c "import json,sys; d=json.load(sys.stdin)
for k in '$1'.split('.'): d=d[k]
print(d)"; }
BACKUP_DATA_DIR="$WORK/data" BACKUP_TMP_DIR="$WORK/tmp" BACKUP_HTTP_PORT=$PORT BACKUP_MANAGEMENT_PORT=$((PORT + 1)) \
  BACKUP_ADMIN_TOKEN=$TOKEN BACKUP_STORAGE_ALLOWED_NETWORKS=127.0.0.1/32 \
  java -Xmx256m -jar target/odoo-backup.jar > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 1))/observe/health/ready" && break; sleep 0.25; done
post() { curl -sf "${H[@]}" -X POST "$API$1" -d "$2"; }
for e in "$ENV:$DB" "${NIGHTS[@]}"; do
  post /environments "{\"id\":\"${e%%:*}\",\"organization_id\":\"bench\",\"name\":\"${e%%:*}\",\"db_name\":\"${e#*:}\"}" >/dev/null
done
config() {  # $1: name and path prefix, $2: filestore_mode
  post /backups/storage-configs "{\"organization_id\":\"bench\",\"name\":\"$1\",\"provider\":\"minio\",\"bucket\":\"$BUCKET\",\"endpoint_url\":\"$S3\",\"access_key\":\"$AWS_ACCESS_KEY_ID\",\"secret_key\":\"$AWS_SECRET_ACCESS_KEY\",\"path_prefix\":\"$1\",\"filestore_mode\":\"$2\"}" | field id
}
FULL=$(config full full); INC=$(config incremental incremental)
WARM=$(config warm-up full)
await() {  # $1: a backup's or restore's URL; RECORD when it has ended
  while :; do
    RECORD=$(curl -sf "${H[@]}" "$1"); STATUS=$(echo "$RECORD" | field status)
    case $STATUS in completed) return ;; failed) echo "failed: $RECORD" >&2; exit 1 ;; esac
    sleep 0.2
  done
}
backup() {  # $1: environment, $2: storage config; BACKUP_ID, RECORD
  BACKUP_ID=$(post "/backups/environments/$1/backups" "{\"storage_config_id\":\"$2\"}" | field id)
  await "$API/backups/$BACKUP_ID"
}
manifest_field() { aws s3 cp --only-show-errors "s3://$BUCKET/$(echo "$RECORD" | field backup_key)" "$WORK/m.zip"; unzip -p "$WORK/m.zip" manifest.json | field "$1"; rm -f "$WORK/m.zip"; }
ROWS=$WORK/rows.tsv  # label, seconds, bytes uploaded, storage used after
row() { printf '%s\t%s\t%s\t%s\n' "$@" >> "$ROWS"; }

echo "Night 1: baseline, full, incremental (every file new)"
# the service is a daemon: timed after one backup (of the database only) has warmed its JVM up
BACKUP_ID=$(post "/backups/environments/$ENV/backups" "{\"storage_config_id\":\"$WARM\",\"include_filestore\":false}" | field id)
await "$API/backups/$BACKUP_ID"
mkdir -p "$WORK/baseline"
t=$(now)
docker exec "${ENV}_db" pg_dump -U odoo -d "$DB" > "$WORK/baseline/dump.sql"
docker exec "${ENV}_odoo" tar czf - -C "/var/lib/odoo/filestore/$DB" . > "$WORK/baseline/filestore.tar.gz"
(cd "$WORK/baseline" && zip -q backup.zip dump.sql filestore.tar.gz)
aws s3 cp --only-show-errors "$WORK/baseline/backup.zip" "s3://$BUCKET/baseline/backup.zip"
row "night 1, baseline (shell)" "$(since "$t")" "$(stat -c %s "$WORK/baseline/backup.zip")" "$(stored baseline)"
rm -rf "$WORK/baseline"
t=$(now); backup "$ENV" "$FULL"
row "night 1, full" "$(since "$t")" "$(echo "$RECORD" | field compressed_size)" "$(stored full)"
t=$(now); backup "$ENV" "$INC"
row "night 1, incremental" "$(since "$t")" "$(( $(manifest_field filestore.new_bytes) + $(echo "$RECORD" | field compressed_size) ))" "$(stored incremental)"

night() {  # $1: environment, $2: database: 1% new files of the set's size, 0.5% removed, as Odoo's collection would
  # (rounded, at least one of each)
  docker exec "${1}_odoo" sh -c "cd /var/lib/odoo/filestore/$2 && n=\$(find . -type f | wc -l) && size=\$(find . -type f -path './??/*' | head -1 | xargs stat -c %s) \
    && find . -type f -path './??/*' | shuf -n \$(( (n + 100) / 200 > 0 ? (n + 100) / 200 : 1 )) | xargs rm -f \
    && for i in \$(seq 1 \$(( (n + 50) / 100 > 0 ? (n + 50) / 100 : 1 ))); do head -c \$size /dev/urandom > /tmp/new; s=\$(sha1sum < /tmp/new | cut -c1-40); d=\$(echo \$s | cut -c1-2); mkdir -p \$d; mv /tmp/new \$d/\$s; done"
}
echo "Night 2: 1% new files, 0.5% removed"
night "$ENV" "$DB"
t=$(now); backup "$ENV" "$FULL"; FULL_ID=$BACKUP_ID
row "night 2, full" "$(since "$t")" "$(echo "$RECORD" | field compressed_size)" "$(stored full)"
t=$(now); backup "$ENV" "$INC"; INC_ID=$BACKUP_ID
row "night 2, incremental" "$(since "$t")" "$(( $(manifest_field filestore.new_bytes) + $(echo "$RECORD" | field compressed_size) ))" "$(stored incremental)"
NEW_FILES=$(manifest_field filestore.new_files)

echo "Restores of night 2 (full, then incremental)"
EXPECTED=$(docker exec "${ENV}_odoo" sh -c "cd /var/lib/odoo/filestore/$DB && find . -type f -exec sha256sum {} + | sort" | sha256sum)
restore() {  # $1: backup id
  local id; id=$(post "/backups/$1/restore" '{"pre_restore_backup":false}' | field id)
  await "$API/restores/$id"
  [ "$(docker exec "${ENV}_odoo" sh -c "cd /var/lib/odoo/filestore/$DB && find . -type f -exec sha256sum {} + | sort" | sha256sum)" = "$EXPECTED" ] \
    || { echo "restored filestore differs" >&2; exit 1; }
}
t=$(now); restore "$FULL_ID"; RESTORE_FULL=$(since "$t")
t=$(now); restore "$INC_ID"; RESTORE_INC=$(since "$t")

thirty_nights() {  # $1: environment, $2: database, $3: label; rows for what each mode stores, ONE_FULL, NIGHTS_KEPT
  local nfull ninc; nfull=$(config "$1-full" full); ninc=$(config "$1-incremental" incremental)
  : > "$WORK/kept"
  for n in $(seq 1 30); do
    [ "$n" -gt 1 ] && night "$1" "$2"
    backup "$1" "$nfull"; echo "$n $BACKUP_ID" >> "$WORK/kept"; [ "$n" = 1 ] && ONE_FULL=$(echo "$RECORD" | field compressed_size)
    backup "$1" "$ninc"; echo "$n $BACKUP_ID" >> "$WORK/kept"
    # night n is day n of a year: GFS keeps the last 7 days, the last of each of the last 4 weeks, the first of each
    # of the last 12 months and of the last 2 years; the other backups go (a deletion sweeps the pool)
    for id in $(python3 - "$n" "$WORK/kept" <<'PY'
import sys
today, kept = int(sys.argv[1]), [l.split() for l in open(sys.argv[2])]
days = sorted({int(d) for d, _ in kept})
keep = {d for d in days if d > today - 7}
keep |= {max(d for d in days if (d - 1) // 7 == w) for w in {(d - 1) // 7 for d in days} if w > (today - 1) // 7 - 4}
keep |= {min(d for d in days if (d - 1) // 30 == m) for m in {(d - 1) // 30 for d in days} if m > (today - 1) // 30 - 12}
keep |= {min(days)}  # the first of the year
print("\n".join(i for d, i in kept if int(d) not in keep))
PY
    ); do
      curl -sf "${H[@]}" -X DELETE "$API/backups/$id" >/dev/null
      sed -i "/ $id\$/d" "$WORK/kept"
    done
  done
  NIGHTS_KEPT=$(( $(wc -l < "$WORK/kept") / 2 ))
  local raw; raw=$(docker exec "${1}_odoo" du -sb "/var/lib/odoo/filestore/$2" | cut -f1)
  for mode in full incremental; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$3" "$mode" "$(stored "$1-$mode")" "$ONE_FULL" "$raw" >> "$NIGHTS_ROWS"
  done
}
NIGHTS_ROWS=$WORK/nights.tsv  # data set, mode, storage used after 30 nights, one full backup, the filestore at the end
echo "30 nights on ${NIGHTS_MB} MB, both modes, the default GFS policy applied each night: mixed files"
thirty_nights "${NIGHTS[0]%%:*}" "${NIGHTS[0]#*:}" "mixed (2/3 compressible)"
echo "30 nights on ${NIGHTS_MB} MB, both modes, the default GFS policy applied each night: incompressible files"
thirty_nights "${NIGHTS[1]%%:*}" "${NIGHTS[1]#*:}" "incompressible"

python3 - "$SET" "$FILESTORE_MB" "$ROWS" "$RESTORE_FULL" "$RESTORE_INC" "$NEW_FILES" "$NIGHTS_ROWS" "$NIGHTS_KEPT" "$NIGHTS_MB" <<'PY'
import sys
name, mb, rows, rfull, rinc, new_files, nights, kept, nights_mb = sys.argv[1:10]
rows = [l.rstrip("\n").split("\t") for l in open(rows)]
t = {r[0]: r for r in rows}
full1 = float(t["night 1, full"][1])
MB = lambda v: f"{int(v) / 1048576:.0f}"
print(f"\ndata set '{name}': {mb} MB filestore; the night adds {new_files} files (1%) and removes 0.5%\n")
print("| run | s | of night 1's full | uploaded MB | storage used after, MB |")
print("|---|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r[0]} | {float(r[1]):.1f} | {float(r[1]) / full1:.3f} | {MB(r[2])} | {MB(r[3])} |")
print(f"\nrestore of night 2: full {float(rfull):.1f} s, incremental {float(rinc):.1f} s ({float(rinc) / float(rfull):.2f}x)")
print(f"\n30 nights on {nights_mb} MB under the default GFS policy ({kept} backups kept in each mode):\n")
print("| data set | mode | storage used, MB | x one full backup | x the filestore at the end |")
print("|---|---|---:|---:|---:|")
for data, mode, used, one_full, raw in (l.rstrip("\n").split("\t") for l in open(nights)):
    print(f"| {data} | {mode} | {MB(used)} | {int(used) / int(one_full):.2f} | {int(used) / int(raw):.2f} |")
PY
