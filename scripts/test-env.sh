#!/usr/bin/env bash
# Creates or removes an Odoo-like environment in the local Docker Engine, for tests, the benchmark and demos:
#   {id}_db    a real PostgreSQL 15 (the host's binaries) holding an Odoo-like database, owner role "odoo"
#   {id}_odoo  a container whose /var/lib/odoo/filestore/{db_name} holds text and binary files
# Usage:
#   scripts/test-env.sh create ID [--org ORG] [--db-name NAME] [--rows N] [--files N] [--filestore-mb MB] [--no-filestore]
#                                 [--incompressible] [--hardened]
#   scripts/test-env.sh remove ID
# --org labels both containers odoo-backup.organization=ORG: an organization's token may register only
# containers with its label (without --org, only the admin token may register them).
# --hardened runs the Odoo container as production images are run: read-only root, capabilities dropped,
# no-new-privileges, from an image whose entrypoint records each container it starts in (/var/lib/odoo/.entrypoint-ran).
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE_DB=odoo-backup-test/postgres:15
IMAGE_ODOO=odoo-backup-test/odoo:18.0
IMAGE_ENTRYPOINT=odoo-backup-test/odoo-entrypoint:18.0
PG_BIN=/usr/lib/postgresql/15/bin
PG_UID=$(id -u postgres); PG_GID=$(id -g postgres)
HOST_MOUNTS=(-v /usr:/usr:ro -v /etc:/etc:ro)

usage() { sed -n '2,10p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1; id=$2; shift 2
[[ $id =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ ]] || { echo "bad environment id: $id" >&2; exit 2; }
db_name=odoo_${id//-/_}; rows=2000; files=300; filestore_mb=0; incompressible=0; with_filestore=1; labels=(); odoo_options=()
while [ $# -gt 0 ]; do
  case $1 in
    --org) [[ $2 =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ ]] || { echo "bad organization id: $2" >&2; exit 2; }
           labels=(--label "odoo-backup.organization=$2"); shift 2 ;;
    --db-name) db_name=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --filestore-mb) filestore_mb=$2; shift 2 ;;
    --incompressible) incompressible=1; shift ;;  # every file random, as PDFs and images are to gzip
    --no-filestore) with_filestore=0; shift ;;
    --hardened) odoo_options=(--read-only --cap-drop NET_RAW --cap-drop MKNOD --cap-drop AUDIT_WRITE
                              --security-opt no-new-privileges:true); IMAGE_ODOO=$IMAGE_ENTRYPOINT; shift ;;
    *) usage ;;
  esac
done

remove() {
  docker rm -f "${id}_db" "${id}_odoo" >/dev/null 2>&1 || true
  docker volume rm -f "${id}_filestore" >/dev/null 2>&1 || true
}

# SIGINT stops PostgreSQL at once (its fast shutdown), as the official postgres image's STOPSIGNAL does
create_db_container() {
  docker run -d --name "${id}_db" "${labels[@]}" --stop-signal SIGINT --network none --user "$PG_UID:$PG_GID" "${HOST_MOUNTS[@]}" \
    --tmpfs "/var/lib/postgresql:uid=$PG_UID,gid=$PG_GID,mode=0700" \
    --tmpfs "/var/run/postgresql:uid=$PG_UID,gid=$PG_GID,mode=0775" --tmpfs /tmp:mode=1777 \
    -e PATH="$PG_BIN:/usr/bin:/bin" -e PGDATA=/var/lib/postgresql/data \
    "$IMAGE_DB" /bin/sh -c 'initdb -A trust -U odoo -E UTF8 --locale=C.UTF-8 >/dev/null && exec postgres -c listen_addresses= -c fsync=off -c full_page_writes=off' >/dev/null
  for _ in $(seq 1 100); do
    docker exec "${id}_db" pg_isready -q -h /var/run/postgresql 2>/dev/null && return 0; sleep 0.2
  done
  echo "PostgreSQL in ${id}_db did not start" >&2; docker logs "${id}_db" >&2; return 1
}

fill_database() {
  docker exec "${id}_db" createdb -U odoo -h /var/run/postgresql "$db_name"
  docker exec -i "${id}_db" psql -q -v ON_ERROR_STOP=1 -U odoo -h /var/run/postgresql -d "$db_name" <<SQL
CREATE TABLE ir_module_module (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE, state varchar NOT NULL, latest_version varchar);
INSERT INTO ir_module_module (name, state, latest_version) VALUES
  ('base','installed','18.0.1.3'), ('web','installed','18.0.1.0'), ('mail','installed','18.0.1.15'),
  ('sale','installed','18.0.1.2'), ('crm','installed','18.0.1.9'), ('purchase','installed','18.0.1.2'),
  ('stock','uninstalled',NULL), ('account','to install',NULL);
CREATE TABLE res_partner (id serial PRIMARY KEY, name varchar NOT NULL, email varchar, comment text, create_date timestamp DEFAULT now());
INSERT INTO res_partner (name, email, comment)
  SELECT 'Partner ' || g, 'partner' || g || '@example.com', repeat(md5(g::text), 1 + g % 7) FROM generate_series(1, $rows) g;
INSERT INTO res_partner (name, email, comment) VALUES
  ('Ünïcödé GmbH — Zürich', 'o''brien@example.com', E'tab\there, backslash \\\\ and quote '' and newline\nend');
CREATE TABLE res_users (id serial PRIMARY KEY, login varchar(64) NOT NULL UNIQUE, password varchar, partner_id int REFERENCES res_partner(id));
INSERT INTO res_users (login, password, partner_id) VALUES ('admin', '\$pbkdf2-sha512\$25000\$abc', 1), ('demo', NULL, 2);
CREATE TABLE ir_attachment (id serial PRIMARY KEY, name varchar, store_fname varchar, db_datas bytea, file_size int);
INSERT INTO ir_attachment (name, store_fname, db_datas, file_size)
  SELECT 'inline-' || g || '.bin', NULL, decode(md5(g::text) || md5((g * 7)::text), 'hex'), 32 FROM generate_series(1, $rows / 10 + 1) g;
SQL
}

# Odoo lays its filestore out as <first two hex chars>/<sha1>; files here are text, compressible and random binary.
fill_filestore() {
  set +o pipefail  # yes | head ends yes with SIGPIPE
  local dir; dir=$(mktemp -d)
  local count=$files bytes_each=0
  if [ "$filestore_mb" -gt 0 ]; then count=$(( filestore_mb < 64 ? 64 : filestore_mb )); bytes_each=$(( filestore_mb * 1048576 / count )); fi
  for i in $(seq 1 "$count"); do
    local size=$(( bytes_each > 0 ? bytes_each : (i * 7919 % 65536) + 1 ))
    case $(( incompressible ? 0 : i % 3 )) in
      0) head -c "$size" /dev/urandom ;;
      1) yes "Lorem ipsum dolor sit amet, invoice $i of $id, consectetur adipiscing elit." | head -c "$size" ;;
      2) head -c $(( size * 3 / 4 + 1 )) /dev/urandom | base64 -w 76 | head -c "$size" ;;
    esac > "$dir/new"
    # named by its content's SHA-1, as Odoo's ir.attachment stores it
    local sha; sha=$(sha1sum < "$dir/new" | cut -c1-40)
    mkdir -p "$dir/${sha:0:2}"
    mv "$dir/new" "$dir/${sha:0:2}/$sha"
  done
  mkdir -p "$dir/odd names"; printf 'space and ünïcödé\n' > "$dir/odd names/file with spaces ü.txt"
  : > "$dir/odd names/empty-file"
  docker exec "${id}_odoo" mkdir -p "/var/lib/odoo/filestore/$db_name"
  tar -C "$dir" -cf - . | docker exec -i "${id}_odoo" tar -xf - -C "/var/lib/odoo/filestore/$db_name"
  rm -rf "$dir"
}

# The test image with an entrypoint, as Odoo's own image has one: it notes the container's host name, then runs the command.
entrypoint_image() {
  docker image inspect "$IMAGE_ENTRYPOINT" >/dev/null 2>&1 && return 0
  local builder; builder=$(docker create odoo-backup-test/odoo:18.0 /bin/true)
  docker commit --change 'ENTRYPOINT ["/bin/sh", "-c", "echo $(hostname) >> /var/lib/odoo/.entrypoint-ran; exec \"$0\" \"$@\""]' \
    "$builder" "$IMAGE_ENTRYPOINT" >/dev/null
  docker rm "$builder" >/dev/null
}

case $cmd in
  create)
    remove
    [ "$IMAGE_ODOO" = "$IMAGE_ENTRYPOINT" ] && entrypoint_image
    create_db_container
    fill_database
    # /var/lib/odoo on a volume, as Odoo's image has it: a restore stops this container and renames its filestore
    # through a helper container that mounts the same volume. It ends at once on SIGTERM, as Odoo does.
    docker run -d --name "${id}_odoo" "${labels[@]}" "${odoo_options[@]}" --network none "${HOST_MOUNTS[@]}" \
      -v "${id}_filestore:/var/lib/odoo" --tmpfs /tmp:mode=1777 \
      "$IMAGE_ODOO" /bin/sh -c 'trap "exit 0" TERM; sleep infinity & wait' >/dev/null
    [ "$with_filestore" = 1 ] && fill_filestore
    echo "environment $id: containers ${id}_db ${id}_odoo, database $db_name"
    ;;
  remove) remove ;;
  *) usage ;;
esac
