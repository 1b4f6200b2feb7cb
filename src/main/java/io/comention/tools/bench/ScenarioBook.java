package io.comention.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The latency benchmark's bookkeeping, free of Kafka and Flink: what the harness expects to become
 * visible (an article on {@code news.tagged}, an alert of a kind, rule and combination, a count update
 * whose total reaches a value), when the clock for each started, and what the topic readers saw.
 *
 * <p>An expectation is <em>registered</em> when the first article it depends on is produced and
 * <em>armed</em> (its clock starts) when the article that should trigger it is produced, always just
 * before the send. A matching record that arrives before the expectation is armed is counted as
 * <em>early</em> (e.g. a BURST fired before the article the harness computed to be the improbable one)
 * and not used as a sample. An armed expectation not met within the deadline is <em>missing</em>; if
 * its record turns up later anyway, that is noted as a late arrival. Times are {@link System#nanoTime()}
 * readings (or the injected clock's) taken in this JVM, so producer and readers share one clock.
 *
 * <p>Thread-safe: readers report from their own threads while the producer registers and arms.
 */
public final class ScenarioBook {

    /** What is measured, with its target (a p99, except {@link #LONE}, whose few samples make p99 the max). */
    public enum Scenario {
        TAGGED("tagged", "article produced -> on news.tagged", Duration.ofSeconds(2)),
        WATCH("watch", "article that reaches a watch rule's threshold -> its WATCH alert", Duration.ofSeconds(3)),
        BURST("burst", "article that makes a fresh pair's count improbable -> its BURST alert", Duration.ofSeconds(3)),
        FIRST_SEEN(
                "first_seen",
                "first article naming a new watchlist pair -> its FIRST_SEEN alert",
                Duration.ofSeconds(3)),
        LONE("lone", "lone article after a silence -> on news.tagged", Duration.ofSeconds(5)),
        COUNTS(
                "counts",
                "last article naming a scenario pair -> first count update whose total includes it",
                Duration.ofSeconds(10));

        private final String label;
        private final String description;
        private final Duration target;

        Scenario(String label, String description, Duration target) {
            this.label = label;
            this.description = description;
            this.target = target;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }

        public Duration target() {
            return target;
        }
    }

    enum State {
        REGISTERED,
        ARMED,
        SEEN,
        EARLY,
        MISSING
    }

    /** One record the harness waits for. */
    public static final class Expectation {
        private final Scenario scenario;
        private final String what;
        private final long minTotal;
        private State state = State.REGISTERED;
        private long armedAt;
        private long latency = -1;
        private long lateBy = -1;

        private Expectation(Scenario scenario, String what, long minTotal) {
            this.scenario = scenario;
            this.what = what;
            this.minTotal = minTotal;
        }

        public Scenario scenario() {
            return scenario;
        }

        /** A human description: the article id, or kind, rule and combination, or combination and total. */
        public String what() {
            return what;
        }

        State state() {
            return state;
        }
    }

    /**
     * What became of one scenario's expectations.
     *
     * @param unresolved still within their deadline when the figures were taken (a run stopped early):
     *     neither samples nor missing
     */
    public record Outcome(
            Scenario scenario,
            LatencyStats stats,
            int early,
            List<String> missing,
            List<String> lateArrivals,
            List<String> unresolved) {}

    private final Duration deadline;
    private final LongSupplier clock;
    private final Map<String, Expectation> tagged = new HashMap<>();
    private final Map<String, Expectation> alerts = new HashMap<>();
    private final Map<String, List<Expectation>> counts = new HashMap<>();
    private final Set<Expectation> armed = new LinkedHashSet<>();
    private final List<Expectation> all = new ArrayList<>();
    private final Set<String> taggedIds = new HashSet<>();
    private final Set<String> alertIds = new HashSet<>();
    private long taggedRecords;
    private long taggedTwice;
    private long alertRecords;
    private long alertIdsTwice;
    private long alertsMatched;
    private long countRecords;

    /** @param clock nanosecond readings ({@code System::nanoTime} outside tests) */
    public ScenarioBook(Duration deadline, LongSupplier clock) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        this.deadline = deadline;
        this.clock = clock;
    }

    public Duration deadline() {
        return deadline;
    }

    /** Expects article {@code id} on news.tagged; armed at once ({@code producedAt} is the reading just before the send). */
    public synchronized Expectation expectTagged(Scenario scenario, String id, long producedAt) {
        Expectation e = new Expectation(scenario, "article " + id, 0);
        if (tagged.putIfAbsent(id, e) != null) {
            throw new IllegalArgumentException("article " + id + " is already expected");
        }
        all.add(e);
        arm(e, producedAt);
        return e;
    }

    /** Expects an alert of {@code kind} from {@code rule} on combination {@code key}; armed later by {@link #arm}. */
    public synchronized Expectation expectAlert(Scenario scenario, String kind, String rule, String key) {
        Expectation e = new Expectation(scenario, kind + " " + rule + " on " + key, 0);
        if (alerts.putIfAbsent(alertKey(kind, rule, key), e) != null) {
            throw new IllegalArgumentException(e.what + " is already expected");
        }
        all.add(e);
        return e;
    }

    /** Expects a count update of combination {@code key} with a total of at least {@code minTotal}; armed later. */
    public synchronized Expectation expectCount(String key, long minTotal) {
        Expectation e = new Expectation(Scenario.COUNTS, key + " total >= " + minTotal, minTotal);
        counts.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        all.add(e);
        return e;
    }

    /** Starts the expectation's clock at {@code at} (the reading just before the triggering article's send). */
    public synchronized void arm(Expectation e, long at) {
        if (e.state == State.REGISTERED) {
            e.state = State.ARMED;
            e.armedAt = at;
            armed.add(e);
        }
    }

    /** A record on news.tagged, keyed by article id, read at {@code at}. */
    public synchronized void taggedVisible(String id, long at) {
        taggedRecords++;
        if (!taggedIds.add(id)) {
            taggedTwice++;
        }
        Expectation e = tagged.get(id);
        if (e != null) {
            resolve(e, at);
        }
    }

    /**
     * An alert read at {@code at}: it meets the expectation of its kind and rule for its own combination
     * and for every other combination it says it covers.
     */
    public synchronized void alertVisible(String alertId, String kind, String rule, Collection<String> keys, long at) {
        alertRecords++;
        if (alertId != null && !alertIds.add(alertId)) {
            alertIdsTwice++;
        }
        boolean matched = false;
        for (String key : keys) {
            Expectation e = alerts.get(alertKey(kind, rule, key));
            if (e != null) {
                matched = true;
                resolve(e, at);
            }
        }
        if (matched) {
            alertsMatched++;
        }
    }

    /** A count update of {@code key} with running total {@code total}, read at {@code at}. */
    public synchronized void countVisible(String key, long total, long at) {
        countRecords++;
        List<Expectation> list = counts.get(key);
        if (list != null) {
            for (Expectation e : list) {
                if (total >= e.minTotal) {
                    resolve(e, at);
                }
            }
        }
    }

    private void resolve(Expectation e, long at) {
        switch (e.state) {
            case REGISTERED -> e.state = State.EARLY;
            case ARMED -> {
                armed.remove(e);
                long latency = at - e.armedAt;
                if (latency <= deadline.toNanos()) {
                    e.state = State.SEEN;
                    e.latency = latency;
                } else {
                    e.state = State.MISSING;
                    e.lateBy = latency;
                }
                notifyAll();
            }
            case MISSING -> {
                long latency = at - e.armedAt;
                if (latency <= deadline.toNanos()) {
                    // read in time, reported after the deadline check ran: it counts
                    e.state = State.SEEN;
                    e.latency = latency;
                } else if (e.lateBy < 0) {
                    e.lateBy = latency;
                }
            }
            default -> {
                // SEEN or EARLY: a repeat (a later update, another alert) measures nothing new
            }
        }
    }

    /** Marks as missing every armed expectation older than the deadline at {@code now}. */
    public synchronized void expire(long now) {
        boolean changed = false;
        for (var it = armed.iterator(); it.hasNext(); ) {
            Expectation e = it.next();
            if (now - e.armedAt > deadline.toNanos()) {
                e.state = State.MISSING;
                it.remove();
                changed = true;
            }
        }
        if (changed) {
            notifyAll();
        }
    }

    /** Armed expectations neither met nor expired yet. */
    public synchronized int waiting() {
        return armed.size();
    }

    /** Whether the expectation was met or given up on. */
    public synchronized boolean resolved(Expectation e) {
        return e.state != State.REGISTERED && e.state != State.ARMED;
    }

    /**
     * Waits until {@code e} is met or missing, or until {@code until} (a clock reading), or until
     * {@code stop} says so. Expires overdue expectations as it goes. Returns whether it was resolved.
     */
    public synchronized boolean awaitResolved(Expectation e, long until, BooleanSupplier stop)
            throws InterruptedException {
        return awaitCondition(() -> resolved(e), until, stop);
    }

    /** As {@link #awaitResolved}, for every armed expectation. */
    public synchronized boolean awaitNoneWaiting(long until, BooleanSupplier stop) throws InterruptedException {
        return awaitCondition(() -> armed.isEmpty(), until, stop);
    }

    private boolean awaitCondition(BooleanSupplier done, long until, BooleanSupplier stop) throws InterruptedException {
        while (true) {
            long now = clock.getAsLong();
            expire(now);
            if (done.getAsBoolean()) {
                return true;
            }
            if (now - until >= 0 || stop.getAsBoolean()) {
                return false;
            }
            // woken by every resolution; the timeout lets deadlines pass and stop requests be seen
            wait(Math.max(1, Math.min(200, (until - now) / 1_000_000)));
        }
    }

    /**
     * Every scenario's figures as of now. Expectations never armed (a run stopped mid-scenario) are left
     * out; armed ones still within their deadline are listed as unresolved, outside the percentiles.
     */
    public synchronized Map<Scenario, Outcome> outcomes() {
        Map<Scenario, Outcome> out = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            List<Long> samples = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> late = new ArrayList<>();
            List<String> unresolved = new ArrayList<>();
            int early = 0;
            for (Expectation e : all) {
                if (e.scenario != s) {
                    continue;
                }
                switch (e.state) {
                    case SEEN -> samples.add(e.latency);
                    case EARLY -> early++;
                    case MISSING -> {
                        missing.add(e.what);
                        if (e.lateBy >= 0) {
                            late.add(e.what + " after " + LatencyStats.seconds(e.lateBy));
                        }
                    }
                    case ARMED -> unresolved.add(e.what);
                    default -> {
                        // registered, never armed: not expected
                    }
                }
            }
            long[] values = samples.stream().mapToLong(Long::longValue).toArray();
            out.put(
                    s,
                    new Outcome(
                            s,
                            LatencyStats.of(values, missing.size(), deadline),
                            early,
                            List.copyOf(missing),
                            List.copyOf(late),
                            List.copyOf(unresolved)));
        }
        return out;
    }

    public synchronized long taggedRecords() {
        return taggedRecords;
    }

    /** Records on news.tagged whose article id had been seen there before (exactly-once says 0). */
    public synchronized long taggedTwice() {
        return taggedTwice;
    }

    public synchronized long alertRecords() {
        return alertRecords;
    }

    /** Alerts whose alert_id had been seen before (exactly-once says 0). */
    public synchronized long alertIdsTwice() {
        return alertIdsTwice;
    }

    /** Alerts that met (or were early for) one of the benchmark's expectations. */
    public synchronized long alertsMatched() {
        return alertsMatched;
    }

    public synchronized long countRecords() {
        return countRecords;
    }

    private static String alertKey(String kind, String rule, String key) {
        return kind + '\u0000' + rule + '\u0000' + key;
    }
}
