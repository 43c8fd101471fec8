package dev.dynoguardian.restart;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Rule 7: requests that must wait, first in first out per app and process type, one entry per dyno. Changed only on
 * the policy thread; {@link #view} gives other threads a consistent copy.
 */
@Component
class PolicyQueues {

    /** The queue of one app and process type. */
    final class Queue {

        private final String app;
        private final Deque<Entry> entries = new ArrayDeque<>();

        Queue(String app) {
            this.app = app;
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        QueuedRequest head() {
            return entries.peekFirst().view();
        }

        /** Marks the head as alerted; true the first time only. */
        boolean alertHeadOnce() {
            Entry head = entries.peekFirst();
            boolean first = !head.alerted;
            head.alerted = true;
            return first;
        }

        void removeHead() {
            Entry removed = entries.pollFirst();
            if (removed != null) {
                byDyno.remove(key(removed.request));
            }
            publish(app);
        }

        void blockedBy(Rule rule) {
            Entry head = entries.peekFirst();
            if (head.rule != rule) {
                head.rule = rule;
                publish(app);
            }
        }
    }

    private static final class Entry {
        RestartRequest request;
        Rule rule;
        final Instant since;
        boolean alerted;

        Entry(RestartRequest request, Rule rule, Instant since) {
            this.request = request;
            this.rule = rule;
            this.since = since;
        }

        QueuedRequest view() {
            return new QueuedRequest(request, rule, since);
        }
    }

    /**
     * How a request stands with the queue when it is decided.
     *
     * @param ahead    requests of its type waiting before it (0 for the head being re-checked)
     * @param headRule what holds the head of its type's queue, when {@code ahead > 0}
     * @param full     the app's queue has no room for it
     */
    record Standing(int ahead, Rule headRule, boolean full) {

        /** The head of its queue, re-checked: nothing is ahead, and it already has its place. */
        static final Standing HEAD = new Standing(0, null, false);
    }

    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Entry> byDyno = new LinkedHashMap<>();
    private final Map<String, List<QueuedRequest>> views = new ConcurrentHashMap<>();

    /** Replaces the evidence of a dyno already queued, keeping its place; false when it is not queued. */
    boolean refresh(RestartRequest r) {
        Entry entry = byDyno.get(key(r));
        if (entry == null) {
            return false;
        }
        entry.request = r;
        return true;
    }

    Rule ruleOf(RestartRequest r) {
        Entry entry = byDyno.get(key(r));
        return entry == null ? null : entry.rule;
    }

    /**
     * Where a request not yet queued would stand: behind its type's queue (a reactive request only behind the reactive
     * ones, since planned requests wait behind it), and whether the app has room.
     */
    Standing standing(RestartRequest r, int max) {
        Queue queue = queues.get(r.app() + "/" + r.processType());
        long ahead = queue == null ? 0 : queue.entries.stream()
                .filter(e -> !r.trigger().reactive() || e.request.trigger().reactive()).count();
        return new Standing((int) ahead, ahead == 0 ? null : queue.entries.peekFirst().rule, waiting(r.app()) >= max);
    }

    /**
     * Queues a request at the end of its type's queue, a reactive one ahead of the planned ones already there; false
     * when the app already has {@code max} waiting.
     */
    boolean offer(RestartRequest r, Rule rule, Instant now, int max) {
        if (waiting(r.app()) >= max) {
            return false;
        }
        Entry entry = new Entry(r, rule, now);
        byDyno.put(key(r), entry);
        Deque<Entry> entries = queues.computeIfAbsent(r.app() + "/" + r.processType(), k -> new Queue(r.app())).entries;
        if (r.trigger().reactive()) {
            Deque<Entry> planned = new ArrayDeque<>();
            while (!entries.isEmpty() && !entries.peekLast().request.trigger().reactive()) {
                planned.addFirst(entries.pollLast());
            }
            entries.addLast(entry);
            entries.addAll(planned);
        } else {
            entries.addLast(entry);
        }
        publish(r.app());
        return true;
    }

    private long waiting(String app) {
        return byDyno.values().stream().filter(e -> e.request.app().equals(app)).count();
    }

    List<Queue> nonEmpty() {
        return queues.values().stream().filter(q -> !q.isEmpty()).toList();
    }

    /** The app's waiting requests, oldest first; safe to call from any thread. */
    List<QueuedRequest> view(String app) {
        return views.getOrDefault(app, List.of());
    }

    private void publish(String app) {
        List<QueuedRequest> copy = new ArrayList<>();
        byDyno.values().stream().filter(e -> e.request.app().equals(app)).map(Entry::view)
                .sorted(Comparator.comparing(QueuedRequest::since)).forEach(copy::add);
        views.put(app, List.copyOf(copy));
    }

    private static String key(RestartRequest r) {
        return r.app() + "/" + r.dyno();
    }
}
