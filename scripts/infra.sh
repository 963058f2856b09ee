#!/usr/bin/env bash
# Installs (idempotently) and starts what the tests and the benchmark need on a fresh Debian machine:
# Debian packages, a Docker Engine, the test base image, PostgreSQL on 127.0.0.1:5432 and S3Proxy.
#   scripts/infra.sh up        everything below, in order
#   scripts/infra.sh packages | docker | image | postgres | s3proxy | down
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=${INFRA_STATE_DIR:-$ROOT/.infra}
S3PROXY_PORT=${S3PROXY_PORT:-18480}
S3PROXY_VERSION=2.6.0
BASE_IMAGE=odoo-backup-test/base:1
mkdir -p "$STATE"

log() { printf '[infra] %s\n' "$*" >&2; }

# A server counts as ready only when the given PID listens on the port.
pid_listens() { ss -Hltnp "sport = :$2" 2>/dev/null | grep -q "pid=$1,"; }
port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

packages() {
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  [ -x /usr/bin/aws ] || need+=(awscli)
  command -v unzip >/dev/null || need+=(unzip)
  command -v ss >/dev/null || need+=(iproute2)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
  command -v psql >/dev/null || need+=(postgresql-client)
  [ ${#need[@]} -eq 0 ] && return 0
  log "installing ${need[*]}"
  # keep apt from starting services of its own (sshd on 22, vsftpd on 21, ...)
  if [ ! -x /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

docker_engine() {
  if docker info >/dev/null 2>&1; then return 0; fi
  log "starting dockerd"
  nohup dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
    >"$STATE/dockerd.log" 2>&1 &
  for _ in $(seq 1 100); do docker info >/dev/null 2>&1 && return 0; sleep 0.2; done
  log "dockerd did not answer; see $STATE/dockerd.log"; tail -20 "$STATE/dockerd.log" >&2; return 1
}

# No image can be pulled here: an empty skeleton, with the host's /usr and /etc bind-mounted at run time.
base_image() {
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
  log "importing $BASE_IMAGE"
  local dir; dir=$(mktemp -d)
  (cd "$dir" && chmod 755 . && mkdir -p usr etc tmp var/lib var/run run proc sys dev home root \
     && ln -s usr/bin bin && ln -s usr/lib lib && ln -s usr/lib64 lib64 && ln -s usr/sbin sbin \
     && chmod 1777 tmp && tar -c . | docker import - "$BASE_IMAGE" >/dev/null)
  rm -rf "$dir"
  # distinct names so an environment snapshot shows which image each container runs
  docker tag "$BASE_IMAGE" odoo-backup-test/postgres:15
  docker tag "$BASE_IMAGE" odoo-backup-test/odoo:18.0
}

postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  log "starting PostgreSQL on 127.0.0.1:5432"
  local ver; ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -z "$ver" ]; then pg_createcluster 15 main >/dev/null; ver=15; fi
  # trust on loopback, as the project's machines have it
  local hba=/etc/postgresql/$ver/main/pg_hba.conf
  grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.2; done
  log "PostgreSQL did not come up"; return 1
}

s3proxy() {
  local pidf=$STATE/s3proxy.pid
  if [ -f "$pidf" ] && pid_listens "$(cat "$pidf")" "$S3PROXY_PORT"; then return 0; fi
  if port_busy "$S3PROXY_PORT"; then
    # an S3Proxy started from another checkout serves as well; anything else on the port is refused
    local other; other=$(ss -Hltnp "sport = :$S3PROXY_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    if [ -n "$other" ] && tr '\0' ' ' < "/proc/$other/cmdline" | grep -q s3proxy; then return 0; fi
    log "port $S3PROXY_PORT is taken by another process; set S3PROXY_PORT"; return 1
  fi
  local jar=$STATE/s3proxy-$S3PROXY_VERSION.jar
  if [ ! -f "$jar" ]; then
    log "fetching S3Proxy $S3PROXY_VERSION from Maven Central"
    mvn -q -B dependency:copy -Dartifact=org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies \
      -DoutputDirectory="$STATE" -Dmdep.stripClassifier=true -Dmdep.stripVersion=false >/dev/null
    mv "$STATE/s3proxy-$S3PROXY_VERSION.jar" "$jar" 2>/dev/null || true
  fi
  mkdir -p "$STATE/s3data"
  cat > "$STATE/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3PROXY_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3PROXY_ACCESS_KEY:-test-access-key}
s3proxy.credential=${S3PROXY_SECRET_KEY:-test-secret-key}
jclouds.provider=filesystem-nio2
jclouds.identity=unused
jclouds.credential=unused
jclouds.filesystem.basedir=$STATE/s3data
PROPS
  log "starting S3Proxy on 127.0.0.1:$S3PROXY_PORT"
  nohup java -Xmx512m -jar "$jar" --properties "$STATE/s3proxy.properties" >"$STATE/s3proxy.log" 2>&1 &
  echo $! > "$pidf"
  for _ in $(seq 1 150); do pid_listens "$(cat "$pidf")" "$S3PROXY_PORT" && return 0; sleep 0.2; done
  log "S3Proxy did not come up; see $STATE/s3proxy.log"; tail -20 "$STATE/s3proxy.log" >&2; return 1
}

down() {
  if [ -f "$STATE/s3proxy.pid" ]; then kill "$(cat "$STATE/s3proxy.pid")" 2>/dev/null || true; rm -f "$STATE/s3proxy.pid"; fi
}

case "${1:-up}" in
  up) packages; docker_engine; base_image; postgres; s3proxy ;;
  packages) packages ;;
  docker) packages; docker_engine; base_image ;;
  image) base_image ;;
  postgres) postgres ;;
  s3proxy) s3proxy ;;
  down) down ;;
  *) echo "usage: $0 [up|packages|docker|image|postgres|s3proxy|down]" >&2; exit 2 ;;
esac
