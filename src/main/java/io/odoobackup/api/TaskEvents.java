package io.odoobackup.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Live task events of this instance, for the clients following a task (GET /api/v1/tasks/{id}/events). */
public final class TaskEvents {

    /** One event: task.progress, task.completed or task.failed. */
    public record Event(String type, int progress, String message, String step) {

        public boolean isFinal() {
            return !type.equals("task.progress");
        }
    }

    private final Map<String, Set<Consumer<Event>>> listeners = new ConcurrentHashMap<>();

    /** Follows a task until the returned handle is run. */
    public Runnable follow(String taskId, Consumer<Event> listener) {
        listeners.computeIfAbsent(taskId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(taskId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    public void publish(String taskId, Event event) {
        Set<Consumer<Event>> following = listeners.get(taskId);
        if (following != null) {
            following.forEach(listener -> listener.accept(event));
        }
    }
}
