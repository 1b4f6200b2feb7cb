package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.tools.bench.ScenarioBook.Expectation;
import io.comention.tools.bench.ScenarioBook.Outcome;
import io.comention.tools.bench.ScenarioBook.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScenarioBookTest {

    private static final long S = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * S);
    private final ScenarioBook book = new ScenarioBook(Duration.ofSeconds(60), clock::get);

    @Test
    void taggedArticlesAreTimedFromTheirProduceAndDuplicatesCounted() {
        long t = clock.get();
        book.expectTagged(Scenario.TAGGED, "a", t);
        book.expectTagged(Scenario.TAGGED, "b", t + S);
        book.taggedVisible("a", t + 2 * S);
        book.taggedVisible("b", t + 4 * S);
        book.taggedVisible("a", t + 5 * S); // a second copy: counted, not a new sample
        book.taggedVisible("warm-up-article", t + 5 * S); // never expected: ignored

        Outcome o = book.outcomes().get(Scenario.TAGGED);
        assertThat(o.stats().samples()).containsExactly(2 * S, 3 * S);
        assertThat(o.stats().missing()).isZero();
        assertThat(book.taggedRecords()).isEqualTo(4);
        assertThat(book.taggedTwice()).isEqualTo(1);
        assertThat(book.waiting()).isZero();
    }

    @Test
    void anAlertMatchesByKindRuleAndItsKeyOrAnyCoveredKey() {
        Expectation own = book.expectAlert(Scenario.WATCH, "WATCH", "w1", "AD+AE");
        Expectation covered = book.expectAlert(Scenario.WATCH, "WATCH", "w2", "AD+AG");
        Expectation otherKind = book.expectAlert(Scenario.BURST, "BURST", "burst", "AD+AE");
        long t = clock.get();
        book.arm(own, t);
        book.arm(covered, t);
        book.arm(otherKind, t);

        book.alertVisible("x1", "WATCH", "w1", List.of("AD+AE"), t + S);
        // w2's alert is for a larger combination and lists the pair among those it covers
        book.alertVisible("x2", "WATCH", "w2", List.of("AD+AG+AL", "AD+AG"), t + 2 * S);
        // the right key under the wrong rule or kind meets nothing
        book.alertVisible("x3", "WATCH", "w9", List.of("AD+AE"), t + 2 * S);
        book.alertVisible("x4", "FIRST_SEEN", "burst", List.of("AD+AE"), t + 2 * S);
        book.alertVisible("x1", "WATCH", "w1", List.of("AD+AE"), t + 3 * S); // the same alert id again

        assertThat(book.resolved(own)).isTrue();
        assertThat(book.resolved(covered)).isTrue();
        assertThat(book.resolved(otherKind)).isFalse();
        assertThat(book.outcomes().get(Scenario.WATCH).stats().samples()).containsExactly(S, 2 * S);
        assertThat(book.alertRecords()).isEqualTo(5);
        assertThat(book.alertsMatched()).isEqualTo(3);
        assertThat(book.alertIdsTwice()).isEqualTo(1);
    }

    @Test
    void anAlertBeforeItsTriggerArticleIsEarlyNotASample() {
        Expectation e = book.expectAlert(Scenario.BURST, "BURST", "burst", "AD+AE");
        long t = clock.get();
        book.alertVisible("b1", "BURST", "burst", List.of("AD+AE"), t); // fired on the 5th of 6 articles
        book.arm(e, t + S); // the 6th is produced after
        Outcome o = book.outcomes().get(Scenario.BURST);
        assertThat(o.early()).isEqualTo(1);
        assertThat(o.stats().expected()).isZero();
        assertThat(book.waiting()).isZero();
    }

    @Test
    void countsWaitForATotalThatIncludesTheArticle() {
        Expectation e = book.expectCount("AD+AE", 3);
        long t = clock.get();
        book.countVisible("AD+AE", 1, t - S); // before the last article: not yet armed, and too low anyway
        book.arm(e, t);
        book.countVisible("AD+AE", 2, t + S);
        book.countVisible("AD+AF", 3, t + S);
        assertThat(book.resolved(e)).isFalse();
        book.countVisible("AD+AE", 3, t + 6 * S);
        book.countVisible("AD+AE", 4, t + 7 * S);
        Outcome o = book.outcomes().get(Scenario.COUNTS);
        assertThat(o.stats().samples()).containsExactly(6 * S);
        assertThat(o.early()).isZero();
        assertThat(book.countRecords()).isEqualTo(5);
    }

    @Test
    void expectationsPastTheDeadlineAreMissingAndLateArrivalsNoted() {
        long t = clock.get();
        Expectation late = book.expectTagged(Scenario.TAGGED, "late", t);
        Expectation never = book.expectTagged(Scenario.TAGGED, "never", t);
        Expectation justInTime = book.expectTagged(Scenario.TAGGED, "just-in-time", t);
        Expectation unarmed = book.expectAlert(Scenario.WATCH, "WATCH", "w", "AD+AE");
        book.expire(t + 60 * S);
        assertThat(book.waiting()).isEqualTo(3); // the deadline itself is still in time
        book.expire(t + 61 * S);
        assertThat(book.waiting()).isZero();
        assertThat(book.resolved(never)).isTrue();

        // read at 59 s, handed over after the expiry ran: still a sample
        book.taggedVisible("just-in-time", t + 59 * S);
        book.taggedVisible("late", t + 304 * S);

        Map<Scenario, Outcome> outcomes = book.outcomes();
        Outcome o = outcomes.get(Scenario.TAGGED);
        assertThat(o.stats().samples()).containsExactly(59 * S);
        assertThat(o.stats().missing()).isEqualTo(2);
        assertThat(o.missing()).containsExactly("article late", "article never");
        assertThat(o.lateArrivals()).containsExactly("article late after 304 s");
        assertThat(o.stats().format(0.99)).isEqualTo("> 60 s");
        // registered but never armed (a run stopped mid-scenario): not expected at all
        assertThat(outcomes.get(Scenario.WATCH).stats().expected()).isZero();
        assertThat(book.resolved(unarmed)).isFalse();
        assertThat(book.resolved(late)).isTrue();
        assertThat(book.resolved(justInTime)).isTrue();
    }

    @Test
    void aRecordReadAfterTheDeadlineButBeforeTheCheckIsMissing() {
        long t = clock.get();
        book.expectTagged(Scenario.LONE, "lone-1", t);
        book.taggedVisible("lone-1", t + 75 * S);
        Outcome o = book.outcomes().get(Scenario.LONE);
        assertThat(o.stats().missing()).isEqualTo(1);
        assertThat(o.lateArrivals()).containsExactly("article lone-1 after 75 s");
    }

    @Test
    void expectationsStillWithinTheirDeadlineAreUnresolvedNotMissing() {
        long t = clock.get();
        book.expectTagged(Scenario.TAGGED, "seen", t);
        book.taggedVisible("seen", t + S);
        book.expectTagged(Scenario.TAGGED, "a", t);
        Outcome o = book.outcomes().get(Scenario.TAGGED);
        assertThat(o.stats().missing()).isZero();
        assertThat(o.stats().expected()).isEqualTo(1);
        assertThat(o.unresolved()).containsExactly("article a");
    }

    @Test
    void awaitingReturnsOnceAReaderResolvesTheExpectation() throws Exception {
        ScenarioBook real = new ScenarioBook(Duration.ofSeconds(60), System::nanoTime);
        Expectation e = real.expectTagged(Scenario.LONE, "lone", System.nanoTime());
        Thread reader = new Thread(() -> real.taggedVisible("lone", System.nanoTime()));
        reader.start();
        long until = System.nanoTime() + 30 * S;
        assertThat(real.awaitResolved(e, until, () -> false)).isTrue();
        reader.join();
        assertThat(real.outcomes().get(Scenario.LONE).stats().samples()).hasSize(1);
    }

    @Test
    void awaitingGivesUpAtTheDeadlineAndMarksTheRestMissing() throws Exception {
        ScenarioBook real = new ScenarioBook(Duration.ofMillis(100), System::nanoTime);
        real.expectTagged(Scenario.TAGGED, "never", System.nanoTime());
        // every deadline passes within 100 ms; the wait ends then, long before its own limit
        assertThat(real.awaitNoneWaiting(System.nanoTime() + 30 * S, () -> false))
                .isTrue();
        assertThat(real.outcomes().get(Scenario.TAGGED).stats().missing()).isEqualTo(1);
        // and a stop request ends a wait at once
        Expectation e = real.expectTagged(Scenario.TAGGED, "other", System.nanoTime() + 3600 * S);
        assertThat(real.awaitResolved(e, System.nanoTime() + 30 * S, () -> true))
                .isFalse();
    }
}
