package io.odoobackup.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of each followed task, fanned out to its followers: this instance's own events at once, and one
 * look at the task record per period and task (for backups other instances run), however many follow it.
 */
final class TaskFeeds {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFeeds.class);

    /** Reads a task's current state from the records; null when there is none. */
    interface Loader {
        TaskEvents.Event load(String taskId) throws Exception;
    }

    private final TaskEvents events;
    private final Loader loader;
    private final ScheduledExecutorService timer;
    private final long periodMs;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

    TaskFeeds(TaskEvents events, Loader loader, ScheduledExecutorService timer, long periodMs) {
        this.events = events;
        this.loader = loader;
        this.timer = timer;
        this.periodMs = periodMs;
    }

    /** Follows a task until the returned handle is run. */
    Runnable follow(String taskId, Consumer<TaskEvents.Event> follower) {
        feeds.compute(taskId, (id, feed) -> {
            Feed joined = feed == null ? new Feed(taskId) : feed;
            joined.followers.add(follower);
            return joined;
        });
        return () -> feeds.computeIfPresent(taskId, (id, feed) -> {
            feed.followers.remove(follower);
            if (feed.followers.isEmpty()) {
                feed.stop();
                return null;
            }
            return feed;
        });
    }

    private final class Feed {

        private final Set<Consumer<TaskEvents.Event>> followers = ConcurrentHashMap.newKeySet();
        private final Runnable unfollow;
        private final ScheduledFuture<?> check;

        Feed(String taskId) {
            unfollow = events.follow(taskId, this::broadcast);
            check = timer.scheduleWithFixedDelay(() -> {
                try {
                    broadcast(loader.load(taskId));
                } catch (Exception e) {
                    LOG.debug("Task {} could not be read: {}", taskId, e.toString()); // the next look, or an event, follows
                }
            }, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }

        void broadcast(TaskEvents.Event event) {
            if (event != null) {
                followers.forEach(follower -> follower.accept(event));
            }
        }

        void stop() {
            unfollow.run();
            check.cancel(false);
        }
    }
}
