package io.odoobackup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskFeedsTest {

    @Test
    void manyFollowersOfOneTaskCostOneRecordCheckPerPeriod() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        TaskFeeds feeds = new TaskFeeds(new TaskEvents(), taskId -> {
            checks.incrementAndGet();
            return new TaskEvents.Event("task.progress", 42, "Backing up database...", "database");
        }, timer, 50);
        List<List<TaskEvents.Event>> received = new ArrayList<>();
        List<Runnable> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<TaskEvents.Event> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            handles.add(feeds.follow("task-1", mine::add));
        }
        long started = System.nanoTime();
        Thread.sleep(520);
        long periods = (System.nanoTime() - started) / 50_000_000;
        assertThat(checks.get()).as("checks for 20 followers over %d periods", periods).isBetween(1, (int) periods + 1);
        assertThat(received).allSatisfy(events -> assertThat(events).hasSizeGreaterThanOrEqualTo(checks.get() - 1));
        handles.forEach(Runnable::run);
        int afterLastLeft = checks.get();
        Thread.sleep(200);
        assertThat(checks.get()).as("no checks once nobody follows").isLessThanOrEqualTo(afterLastLeft + 1);
        timer.shutdownNow();
    }

    @Test
    void thisInstancesOwnEventsReachEveryFollowerAtOnce() throws Exception {
        TaskEvents events = new TaskEvents();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        TaskFeeds feeds = new TaskFeeds(events, taskId -> null, timer, 60_000);
        List<TaskEvents.Event> first = new CopyOnWriteArrayList<>();
        List<TaskEvents.Event> second = new CopyOnWriteArrayList<>();
        Runnable unfollowFirst = feeds.follow("task-2", first::add);
        feeds.follow("task-2", second::add);
        TaskEvents.Event event = new TaskEvents.Event("task.completed", 100, "Backup completed", "complete");
        events.publish("task-2", event);
        unfollowFirst.run();
        events.publish("task-2", event);
        assertThat(first).containsExactly(event);
        assertThat(second).containsExactly(event, event);
        timer.shutdownNow();
    }
}
