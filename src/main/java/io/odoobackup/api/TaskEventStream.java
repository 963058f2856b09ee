package io.odoobackup.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.backup.TaskEvents;
import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.DefaultExchange;

/**
 * GET /api/v1/tasks/{task_id}/events as server-sent events: the current state first, then every change
 * until task.completed or task.failed. A raw Vert.x route, because platform-http 4.17 holds a streamed
 * body back in 16 KB chunks. Changes made on this instance arrive at once; a second check of the record
 * every second follows backups that other instances run.
 */
public final class TaskEventStream {

    private static final long RECHECK_MS = 1000;

    private final CamelContext camel;
    private final BearerAuth auth;
    private final DataSource dataSource;
    private final TaskEvents events;
    private final ObjectMapper json;

    public TaskEventStream(CamelContext camel, BearerAuth auth, DataSource dataSource, TaskEvents events, ObjectMapper json) {
        this.camel = camel;
        this.auth = auth;
        this.dataSource = dataSource;
        this.events = events;
        this.json = json;
    }

    public void register() {
        int port = Integer.parseInt(camel.resolvePropertyPlaceholders("{{backup.http.port}}"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        router.route(HttpMethod.GET, "/api/v1/tasks/:task_id/events").blockingHandler(this::open, false);
    }

    private void open(RoutingContext context) {
        String taskId = context.pathParam("task_id");
        Principal principal;
        TaskEvents.Event current;
        try {
            Exchange caller = new DefaultExchange(camel);
            caller.getMessage().setHeader("Authorization", context.request().getHeader("Authorization"));
            auth.require(caller, "project.backups.view");
            principal = caller.getProperty("principal", Principal.class);
            current = Names.ID.test(taskId) ? load(taskId, principal) : null;
            if (current == null) {
                throw Problem.notFound("Task " + taskId + " does not exist");
            }
        } catch (Problem problem) {
            refuse(context.response(), problem);
            return;
        } catch (Exception e) {
            refuse(context.response(), new Problem(500, "Internal Server Error", "The service failed to answer this request; it is logged"));
            return;
        }
        new Follower(context.vertx().getOrCreateContext(), context.response(), taskId, principal).start(current);
    }

    /** One client following one task; everything it sends goes through its one context, in order. */
    private final class Follower {

        private final Context context;
        private final HttpServerResponse response;
        private final String taskId;
        private final Principal principal;
        private final AtomicBoolean ended = new AtomicBoolean();
        private TaskEvents.Event last;
        private Runnable unfollow = () -> { };
        private long timer = -1;

        Follower(Context context, HttpServerResponse response, String taskId, Principal principal) {
            this.context = context;
            this.response = response;
            this.taskId = taskId;
            this.principal = principal;
        }

        void start(TaskEvents.Event current) {
            context.runOnContext(v -> {
                response.putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache").setChunked(true);
                response.closeHandler(closed -> stop());
                unfollow = events.follow(taskId, event -> context.runOnContext(w -> send(event)));
                timer = context.owner().setPeriodic(RECHECK_MS, id -> context.<TaskEvents.Event>executeBlocking(() -> load(taskId, principal), false)
                        .onSuccess(event -> send(event)));
                send(current);
            });
        }

        private void send(TaskEvents.Event event) {
            if (ended.get() || event == null || event.equals(last)) {
                return;
            }
            last = event;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("progress", event.progress() < 0 ? null : event.progress());
            data.put("message", event.message());
            data.put("step", event.step());
            try {
                response.write("event: " + event.type() + "\ndata: " + json.writeValueAsString(data) + "\n\n");
            } catch (Exception e) {
                stop();
                return;
            }
            if (event.isFinal()) {
                stop();
                response.end();
            }
        }

        private void stop() {
            if (ended.compareAndSet(false, true)) {
                unfollow.run();
                if (timer >= 0) {
                    context.owner().cancelTimer(timer);
                }
            }
        }
    }

    /** The task's state as an event, or null when the caller may not see it. */
    private TaskEvents.Event load(String taskId, Principal principal) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, progress, message, step FROM task WHERE id = ? AND (CAST(? AS varchar) IS NULL OR organization_id = ?)")) {
            ps.setString(1, taskId);
            ps.setString(2, principal.organizationId());
            ps.setString(3, principal.organizationId());
            try (ResultSet row = ps.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                String type = switch (row.getString(1)) {
                    case "completed" -> "task.completed";
                    case "failed" -> "task.failed";
                    default -> "task.progress";
                };
                return new TaskEvents.Event(type, type.equals("task.failed") ? -1 : row.getInt(2), row.getString(3), row.getString(4));
            }
        }
    }

    private void refuse(HttpServerResponse response, Problem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        try {
            response.setStatusCode(problem.status()).putHeader("Content-Type", "application/problem+json")
                    .end(json.writeValueAsString(body));
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }
}
