# The odoo-backup image: the jar and its libraries as `mvn -B package -DskipTests` leaves them in target/, on a Java 17
# runtime, run as an unprivileged user. Build:   mvn -B package -DskipTests && docker build -t odoo-backup .
# Run (Docker socket group passed in, settings as in docs/api.md §1; secrets as files, §14):
#   docker run -d -p 8080:8080 -v /var/run/docker.sock:/var/run/docker.sock --group-add "$(stat -c %g /var/run/docker.sock)" \
#     -e BACKUP_DB_URL=jdbc:postgresql://db:5432/odoo_backup -e BACKUP_DB_PASSWORD_FILE=/run/secrets/db-password ... odoo-backup
# BASE: any image with a Java 17 runtime (java on PATH), bash and useradd (Debian, Ubuntu, Eclipse Temurin).
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}

RUN groupadd --system --gid 10001 odoo-backup \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/odoo-backup --create-home --shell /usr/sbin/nologin odoo-backup \
 && chmod 0700 /var/lib/odoo-backup
COPY target/lib/ /opt/odoo-backup/lib/
COPY target/odoo-backup.jar /opt/odoo-backup/odoo-backup.jar

# the data folder holds generated keys, the local storage root and (without BACKUP_DB_URL) the embedded records
ENV BACKUP_DATA_DIR=/var/lib/odoo-backup \
    BACKUP_TMP_DIR=/var/lib/odoo-backup/tmp \
    BACKUP_MANAGEMENT_BIND=127.0.0.1
VOLUME /var/lib/odoo-backup
USER 10001:10001
WORKDIR /var/lib/odoo-backup
EXPOSE 8080

# ready: the records, the Docker Engine and the scheduler answer (docs/api.md §11); bash's /dev/tcp, no curl needed
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["bash", "-c", \
  "exec 3<>/dev/tcp/127.0.0.1/${BACKUP_MANAGEMENT_PORT:-9876} && printf 'GET /observe/health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]

# exec form: SIGTERM reaches the JVM, whose stop waits BACKUP_SHUTDOWN_SECONDS (15) for running work
ENTRYPOINT ["java", "-jar", "/opt/odoo-backup/odoo-backup.jar"]
