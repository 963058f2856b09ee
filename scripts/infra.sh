#!/usr/bin/env bash
# Installs (idempotently) and starts what the tests and the benchmark need on a fresh Debian machine:
# Debian packages, a Docker Engine, the test base image, PostgreSQL on 127.0.0.1:5432, S3Proxy, vsftpd, sshd,
# RabbitMQ on 127.0.0.1:5672, and Chromium with playwright-core for the console's tests.
#   scripts/infra.sh up        everything below, in order
#   scripts/infra.sh packages | docker | image | jre-image | docker2 | postgres | s3proxy | ftp | sftp | rabbitmq | console | down
# docker2: a second Docker Engine with mutual TLS on 127.0.0.1:18423 (DOCKER2_PORT), a second host for the fleet's tests
# docker: only what the quick start needs (a Docker Engine, PostgreSQL 15's binaries for the demo environment, curl,
# jq, unzip) and the demo image
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=${INFRA_STATE_DIR:-$ROOT/.infra}
S3PROXY_PORT=${S3PROXY_PORT:-18480}
S3PROXY_VERSION=2.6.0
FTP_PORT=${FTP_PORT:-18421}
FTP_PASV_MIN=${FTP_PASV_MIN:-18430}
FTP_PASV_MAX=${FTP_PASV_MAX:-18449}
SFTP_PORT=${SFTP_PORT:-18422}
DOCKER2_PORT=${DOCKER2_PORT:-18423}
FTP_USER=${FTP_USER:-obftp}
FTP_PASSWORD=${FTP_PASSWORD:-obftp-pass-1}
FTP_HOME=/srv/odoo-backup-ftp
# a second account whose password holds what Camel would read as placeholders and URI options
HOSTILE_USER=obhostile
HOSTILE_PASSWORD='p{{env:HOME}})&x=RAW(%41#bean:ü'
BASE_IMAGE=odoo-backup-test/base:1
mkdir -p "$STATE"

log() { printf '[infra] %s\n' "$*" >&2; }

# A server counts as ready only when the given PID listens on the port.
pid_listens() { ss -Hltnp "sport = :$2" 2>/dev/null | grep -q "pid=$1,"; }
port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# apt-get install what is missing (each entry "command-or-path:package"), without letting apt start services
install_missing() {
  local need=() entry
  for entry in "$@"; do
    local check=${entry%%:*} package=${entry#*:}
    if [[ $check == /* ]]; then [ -x "$check" ] || need+=($package); else command -v "$check" >/dev/null || need+=($package); fi
  done
  [ ${#need[@]} -eq 0 ] && return 0
  log "installing ${need[*]}"
  # keep apt from starting services of its own (sshd on 22, vsftpd on 21, PostgreSQL on 5432, ...)
  if [ ! -x /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

# the quick start's needs: a Docker Engine, the demo environment's PostgreSQL 15 binaries, curl, jq and unzip
QUICK_START_PACKAGES=(dockerd:docker.io /usr/lib/postgresql/15/bin/postgres:postgresql-15 curl:curl jq:jq unzip:unzip)

packages() {
  install_missing "${QUICK_START_PACKAGES[@]}" /usr/bin/aws:awscli zip:zip python3:python3 ss:iproute2 \
    psql:postgresql-client /usr/sbin/vsftpd:vsftpd /usr/sbin/sshd:openssh-server age:age openssl:openssl \
    /usr/sbin/rabbitmq-server:rabbitmq-server amqp-get:amqp-tools /usr/bin/chromium:chromium node:"nodejs npm" \
    debootstrap:debootstrap docker-compose:docker-compose systemd-analyze:systemd
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

# A Java 17 runtime image made from Debian packages (nothing can be pulled here): the BASE the image test builds
# the Dockerfile on, as eclipse-temurin:17-jre would be elsewhere.
JRE_IMAGE=odoo-backup-test/jre:17
jre_image() {
  # an image whose java does not run (a package left unconfigured in an earlier attempt) is made again
  if docker image inspect "$JRE_IMAGE" >/dev/null 2>&1; then
    docker run --rm --user 65534 "$JRE_IMAGE" java -version >/dev/null 2>&1 && return 0
    log "$JRE_IMAGE has no java an unprivileged user can run: making it again"
    docker rmi -f "$JRE_IMAGE" >/dev/null
  fi
  log "making $JRE_IMAGE from Debian packages (debootstrap, about 2 minutes)"
  local root; root=$(mktemp -d)
  chmod 0755 "$root" # the image's / as a system's: mktemp's 0700 would shut every user but root out of it
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$(debian_mirror)" >"$STATE/debootstrap.log" 2>&1 \
    || { tail -20 "$STATE/debootstrap.log" >&2; rm -rf "$root"; return 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  # an imported image has no PATH of its own: say it, as a pulled base image does
  tar -C "$root" -c . | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$JRE_IMAGE" >/dev/null
  rm -rf "$root"
  docker run --rm --user 65534 "$JRE_IMAGE" java -version >/dev/null 2>&1 \
    || { echo "$JRE_IMAGE was made but an unprivileged user cannot run its java" >&2; return 1; }
}

# the Debian mirror apt uses on this machine (the only one reachable)
debian_mirror() {
  { sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n' | grep -v security
    grep -hoE '^deb +https?://[^ ]+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}'; } | head -1
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

# The FTP and SFTP test account: chrooted to $FTP_HOME (root-owned, as sshd requires), writing below /data.
ftp_account() {
  id "$FTP_USER" >/dev/null 2>&1 || useradd -M -d "$FTP_HOME" -s /usr/sbin/nologin "$FTP_USER"
  # its home, $FTP_HOME/hostile, lies inside sshd's chroot at $FTP_HOME$FTP_HOME/hostile: over SFTP its
  # login folder is not /, so a relative path and an absolute one land in different places
  id "$HOSTILE_USER" >/dev/null 2>&1 || useradd -M -d "$FTP_HOME/hostile" -s /usr/sbin/nologin "$HOSTILE_USER"
  [ "$(getent passwd "$HOSTILE_USER" | cut -d: -f6)" = "$FTP_HOME/hostile" ] || usermod -d "$FTP_HOME/hostile" "$HOSTILE_USER"
  echo "$FTP_USER:$FTP_PASSWORD" | chpasswd
  printf '%s:%s\n' "$HOSTILE_USER" "$HOSTILE_PASSWORD" | chpasswd
  mkdir -p "$FTP_HOME/data" "$FTP_HOME/hostile" "$FTP_HOME$FTP_HOME/hostile" && chown root:root "$FTP_HOME" && chmod 755 "$FTP_HOME"
  chown "$FTP_USER:$FTP_USER" "$FTP_HOME/data"
  chown "$HOSTILE_USER:$HOSTILE_USER" "$FTP_HOME/hostile" "$FTP_HOME$FTP_HOME/hostile"
}

# A server of ours that runs with the configuration just written is kept; one with another is restarted.
running_as_configured() {
  local pidf=$1 port=$2 conf=$3
  if [ -f "$pidf" ] && pid_listens "$(cat "$pidf")" "$port"; then
    cmp -s "$conf.new" "$conf" && { rm -f "$conf.new"; return 0; }
    log "configuration changed: restarting the server on port $port"
    kill "$(cat "$pidf")" 2>/dev/null || true
    for _ in $(seq 1 50); do port_busy "$port" || break; sleep 0.1; done
  fi
  mv "$conf.new" "$conf"
  return 1
}

ftp() {
  local pidf=$STATE/vsftpd.pid
  ftp_account
  [ -f "$STATE/ftp.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.1 \
    -keyout "$STATE/ftp.key" -out "$STATE/ftp.pem" >/dev/null 2>&1
  # Debian's own PAM file refuses users whose shell is nologin
  printf 'auth required pam_unix.so\naccount required pam_unix.so\n' > /etc/pam.d/odoo-backup-ftp
  mkdir -p /var/run/vsftpd/empty
  cat > "$STATE/vsftpd.conf.new" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$FTP_PORT
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
chroot_local_user=YES
local_root=$FTP_HOME
allow_writeable_chroot=YES
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$FTP_PASV_MIN
pasv_max_port=$FTP_PASV_MAX
seccomp_sandbox=NO
ssl_enable=YES
rsa_cert_file=$STATE/ftp.pem
rsa_private_key_file=$STATE/ftp.key
force_local_data_ssl=NO
force_local_logins_ssl=NO
require_ssl_reuse=NO
pam_service_name=odoo-backup-ftp
CONF
  running_as_configured "$pidf" "$FTP_PORT" "$STATE/vsftpd.conf" && return 0
  if port_busy "$FTP_PORT"; then log "port $FTP_PORT is taken by another process; set FTP_PORT"; return 1; fi
  log "starting vsftpd (FTP and explicit FTPS) on 127.0.0.1:$FTP_PORT"
  nohup /usr/sbin/vsftpd "$STATE/vsftpd.conf" >"$STATE/vsftpd.log" 2>&1 &
  echo $! > "$pidf"
  for _ in $(seq 1 50); do pid_listens "$(cat "$pidf")" "$FTP_PORT" && return 0; sleep 0.1; done
  log "vsftpd did not come up"; cat "$STATE/vsftpd.log" >&2; return 1
}

sftp() {
  local pidf=$STATE/sshd.pid
  ftp_account
  [ -f "$STATE/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$STATE/ssh_host_ed25519_key"
  mkdir -p /run/sshd
  cat > "$STATE/sshd_config.new" <<CONF
Port $SFTP_PORT
ListenAddress 127.0.0.1
HostKey $STATE/ssh_host_ed25519_key
PidFile $pidf
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $FTP_USER $HOSTILE_USER
Subsystem sftp internal-sftp
Match User $FTP_USER,$HOSTILE_USER
  ChrootDirectory $FTP_HOME
  ForceCommand internal-sftp
  AllowTcpForwarding no
CONF
  running_as_configured "$pidf" "$SFTP_PORT" "$STATE/sshd_config" && return 0
  if port_busy "$SFTP_PORT"; then log "port $SFTP_PORT is taken by another process; set SFTP_PORT"; return 1; fi
  log "starting sshd (SFTP only) on 127.0.0.1:$SFTP_PORT"
  /usr/sbin/sshd -f "$STATE/sshd_config" -E "$STATE/sshd.log"
  for _ in $(seq 1 50); do [ -f "$pidf" ] && pid_listens "$(cat "$pidf")" "$SFTP_PORT" && return 0; sleep 0.1; done
  log "sshd did not come up"; cat "$STATE/sshd.log" >&2; return 1
}

# RabbitMQ of the machine (127.0.0.1:5672, guest/guest), for events and trigger messages: started when it is not.
rabbitmq() {
  port_busy 5672 && return 0
  log "starting RabbitMQ on 127.0.0.1:5672"
  if rabbitmqctl -q ping >/dev/null 2>&1; then
    rabbitmqctl -q start_app # the node runs with its broker stopped (a test stops it)
  else
    rabbitmq-server -detached
  fi
  rabbitmqctl -q await_startup --timeout 120
  for _ in $(seq 1 100); do port_busy 5672 && return 0; sleep 0.2; done
  log "RabbitMQ did not come up"; return 1
}

# A second Docker Engine on this machine, a second "host" of the platform: its own data, exec and pid roots, listening
# only on 127.0.0.1:$DOCKER2_PORT with mutual TLS (certificates made here: a CA, the server's for IP 127.0.0.1, a
# client's; and a second CA that signed none of them, for tests of a wrong one). The test images are copied into it.
docker2() {
  local dir=$STATE/docker2 tls=$STATE/docker2/tls
  mkdir -p "$dir" "$tls"
  if [ ! -f "$tls/client-key.pem" ]; then
    log "making the second engine's certificates"
    (cd "$tls" && {
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=odoo-backup-test-ca -keyout ca-key.pem -out ca.pem
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=another-ca -keyout other-ca-key.pem -out other-ca.pem
      openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem -out server.csr
      printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile server.ext -out server-cert.pem
      openssl req -newkey rsa:2048 -nodes -subj /CN=odoo-backup -keyout client-key.pem -out client.csr
      printf 'extendedKeyUsage=clientAuth\n' > client.ext
      openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -extfile client.ext -out client-cert.pem
    } >/dev/null 2>&1)
  fi
  # the docker CLI's names for a client certificate folder (DOCKER_CERT_PATH)
  cp -f "$tls/client-cert.pem" "$tls/cert.pem"; cp -f "$tls/client-key.pem" "$tls/key.pem"
  if ! DOCKER_HOST=tcp://127.0.0.1:$DOCKER2_PORT DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$tls docker info >/dev/null 2>&1; then
    if port_busy "$DOCKER2_PORT"; then log "port $DOCKER2_PORT is taken by another process; set DOCKER2_PORT"; return 1; fi
    log "starting a second dockerd with TLS on 127.0.0.1:$DOCKER2_PORT"
    nohup dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
      --host "tcp://127.0.0.1:$DOCKER2_PORT" --tlsverify --tlscacert "$tls/ca.pem" --tlscert "$tls/server-cert.pem" \
      --tlskey "$tls/server-key.pem" --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
      >"$dir/dockerd.log" 2>&1 &
    for _ in $(seq 1 100); do
      DOCKER_HOST=tcp://127.0.0.1:$DOCKER2_PORT DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$tls docker info >/dev/null 2>&1 && break
      sleep 0.2
    done
  fi
  for image in "$BASE_IMAGE" odoo-backup-test/postgres:15 odoo-backup-test/odoo:18.0; do
    DOCKER_HOST=tcp://127.0.0.1:$DOCKER2_PORT DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$tls docker image inspect "$image" >/dev/null 2>&1 \
      || docker save "$image" | DOCKER_HOST=tcp://127.0.0.1:$DOCKER2_PORT DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$tls docker load -q >/dev/null
  done
}

# The console's browser tests: playwright-core from the npm registry (it drives Debian's Chromium; no browser download).
# The alert tests' SMTP server: smtp-server from the npm registry, a real server that receives the service's e-mail.
console_tests() {
  if [ ! -d src/test/console/node_modules/playwright-core ]; then
    log "installing playwright-core for the console tests"
    (cd src/test/console && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [ ! -d src/test/smtp/node_modules/smtp-server ]; then
    log "installing smtp-server for the alert tests"
    (cd src/test/smtp && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Stops the servers this checkout started, and waits until they are gone (their ports free again).
down() {
  if [ -f "$STATE/docker2/dockerd.pid" ]; then
    local engine; engine=$(cat "$STATE/docker2/dockerd.pid")
    kill "$engine" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$engine" 2>/dev/null || break; sleep 0.1; done
  fi
  for server in vsftpd sshd s3proxy; do
    local pidf=$STATE/$server.pid
    [ -f "$pidf" ] || continue
    local pid; pid=$(cat "$pidf")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidf"
  done
}

case "${1:-up}" in
  up) packages; docker_engine; base_image; jre_image; docker2; postgres; s3proxy; ftp; sftp; rabbitmq; console_tests ;;
  docker2) packages; docker_engine; base_image; docker2 ;;
  packages) packages ;;
  docker) install_missing "${QUICK_START_PACKAGES[@]}"; docker_engine; base_image ;;
  image) base_image ;;
  jre-image) packages; docker_engine; jre_image ;;
  postgres) postgres ;;
  s3proxy) s3proxy ;;
  ftp) packages; ftp ;;
  sftp) packages; sftp ;;
  rabbitmq) packages; rabbitmq ;;
  console) packages; console_tests ;;
  down) down ;;
  *) echo "usage: $0 [up|packages|docker|image|jre-image|docker2|postgres|s3proxy|ftp|sftp|rabbitmq|console|down]" >&2; exit 2 ;;
esac
