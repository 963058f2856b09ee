package io.odoobackup.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.platform.SqlFiles;
import io.odoobackup.security.AccessDenied;
import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.Names;
import io.odoobackup.security.OrganizationScope;
import io.odoobackup.security.Principal;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * GET /api/v1/tasks/{task_id}/events as server-sent events: the current state first, then every change
 * until task.completed or task.failed. A raw Vert.x route, because platform-http 4.17 holds a streamed
 * body back in 16 KB chunks. {@link TaskFeeds} brings the events (one record check per task and second,
 * however many follow it). A token follows at most a few streams at once, and its streams end within
 * seconds of its revocation.
 */
public final class TaskEventStream {

    private static final long RECHECK_MS = 1000;
    private static final long TOKEN_CHECK_MS = 2000;

    private final CamelContext camel;
    private final BearerAuth auth;
    private final DataSource dataSource;
    private final TaskEvents events;
    private final ObjectMapper json;
    private final int streamsPerToken;
    private final StreamedAnswers answers;
    private final TaskFeeds feeds;
    private final Map<String, Set<Follower>> byToken = new ConcurrentHashMap<>();

    public TaskEventStream(CamelContext camel, BearerAuth auth, DataSource dataSource, TaskEvents events, ObjectMapper json,
                           int streamsPerToken, StreamedAnswers answers) {
        this.camel = camel;
        this.auth = auth;
        this.dataSource = dataSource;
        this.events = events;
        this.json = json;
        this.streamsPerToken = streamsPerToken;
        this.answers = answers;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "task-event-checks");
            thread.setDaemon(true);
            return thread;
        });
        // the feed rechecks tasks a client was let follow after a scoped read (open)
        this.feeds = new TaskFeeds(events, taskId -> load(taskId, OrganizationScope.EVERY), timer, RECHECK_MS);
    }

    public void register() {
        int port = Integer.parseInt(camel.resolvePropertyPlaceholders("{{backup.http.port}}"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        router.route(HttpMethod.GET, "/api/v1/tasks/:task_id/events").handler(context -> answers.submit(context, () -> open(context)));
        router.vertx().setPeriodic(TOKEN_CHECK_MS, id -> router.vertx().executeBlocking(this::endRevoked, false));
    }

    private void open(RoutingContext context) {
        String taskId = context.pathParam("task_id");
        Principal principal;
        TaskEvents.Event current;
        try {
            principal = auth.require(context.request().getHeader("Authorization"), "project.backups.view");
            current = Names.ID.test(taskId) ? load(taskId, principal.scope()) : null;
            if (current == null) {
                throw Problem.notFound("Task " + taskId + " does not exist");
            }
        } catch (Problem | AccessDenied refused) {
            ProblemResponder.toProblem(refused, null).send(context.response(), json);
            return;
        } catch (Exception e) {
            new Problem(500, "Internal Server Error", "The service failed to answer this request; it is logged").send(context.response(), json);
            return;
        }
        Follower follower = new Follower(context.vertx().getOrCreateContext(), context.response(), taskId, principal);
        Set<Follower> own = byToken.computeIfAbsent(principal.id(), id -> ConcurrentHashMap.newKeySet());
        synchronized (own) {
            if (own.size() >= streamsPerToken) {
                new Problem(429, "Too Many Requests", "This token already follows " + streamsPerToken
                        + " event streams: close one first").send(context.response(), json);
                return;
            }
            own.add(follower);
        }
        follower.start(current);
    }

    /** Ends the streams of tokens revoked since they were opened; the admin token is not in the records. */
    private Void endRevoked() throws Exception {
        Set<String> ids = new HashSet<>(byToken.keySet());
        ids.remove("admin");
        if (ids.isEmpty()) {
            return null;
        }
        Set<String> live = new HashSet<>();
        SqlFiles.query(dataSource, "token-live", Map.of("ids", List.copyOf(ids))).forEach(row -> live.add((String) row.get("id")));
        ids.removeAll(live);
        for (String revoked : ids) {
            Set<Follower> followers = byToken.getOrDefault(revoked, Set.of());
            followers.forEach(Follower::end);
        }
        return null;
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

        Follower(Context context, HttpServerResponse response, String taskId, Principal principal) {
            this.context = context;
            this.response = response;
            this.taskId = taskId;
            this.principal = principal;
        }

        void start(TaskEvents.Event current) {
            context.runOnContext(v -> {
                response.putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache").setChunked(true);
                response.closeHandler(closed -> end());
                unfollow = feeds.follow(taskId, this::deliver);
                send(current);
            });
        }

        void deliver(TaskEvents.Event event) {
            context.runOnContext(v -> send(event));
        }

        private void send(TaskEvents.Event event) {
            if (ended.get() || event.equals(last)) {
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
                end();
                return;
            }
            if (event.isFinal()) {
                end();
            }
        }

        /** Leaves the feed (the last one out stops its record check) and ends the response. */
        void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            context.runOnContext(v -> unfollow.run());
            Set<Follower> own = byToken.get(principal.id());
            if (own != null) {
                synchronized (own) {
                    own.remove(this);
                }
            }
            context.runOnContext(v -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }
    }

    /** The task's state as an event; null when it does not exist or is outside the scope. */
    private TaskEvents.Event load(String taskId, OrganizationScope scope) throws Exception {
        Optional<Map<String, Object>> found = SqlFiles.first(dataSource, "task-state",
                SqlFiles.parameters("id", taskId, "every", scope.every(), "organization_id", scope.organizationId()));
        if (found.isEmpty()) {
            return null;
        }
        Map<String, Object> row = found.get();
        String type = switch ((String) row.get("status")) {
            case "completed" -> "task.completed";
            case "failed" -> "task.failed";
            default -> "task.progress";
        };
        return new TaskEvents.Event(type, type.equals("task.failed") ? -1 : ((Number) row.get("progress")).intValue(),
                (String) row.get("message"), (String) row.get("step"));
    }
}
