package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

public class FingerprintTest {

    public static final String WIRE = "WASHINGTON, Oct 19 (Wire) - Secretary of State Hillary Clinton and CIA Director "
            + "David Petraeus will press Pakistan this week to act against Haqqani network sanctuaries in North "
            + "Waziristan, officials said on Wednesday, as Washington weighs how far it can push Islamabad without "
            + "breaking a relationship it still needs to end the war in Afghanistan. The two are expected in "
            + "Islamabad on Thursday after talks in Kabul with President Hamid Karzai.";

    @Test
    void aLightlyEditedCopyIsSimilarAndADifferentStoryIsNot() {
        String copy = WIRE.replace("WASHINGTON, Oct 19 (Wire) - ", "WASHINGTON: ")
                .replace("on Wednesday", "on Wednesday (Wire)")
                .replace("Sept.", "Sept");
        String other = "BRUSSELS - European leaders meet on Sunday to agree a bigger rescue fund for Greece as "
                + "Germany and France argue over how much private bondholders should lose, officials said on "
                + "Wednesday, with markets watching for a deal before the G20 summit in Cannes next month.";
        long[] a = Fingerprint.of("Clinton, Petraeus to press Pakistan", WIRE);
        long[] b = Fingerprint.of("Clinton and Petraeus to press Islamabad", copy);
        long[] c = Fingerprint.of("Europe haggles over Greek rescue", other);
        assertThat(Fingerprint.similarity(a, b)).isGreaterThanOrEqualTo(0.6);
        assertThat(Fingerprint.similarity(a, c)).isLessThan(0.2);
        assertThat(Fingerprint.similarity(a, a)).isEqualTo(1.0);
    }

    @Test
    void shortTextsHaveNoFingerprintAndMatchNothing() {
        assertThat(Fingerprint.of("Kabul", "Talks resume.")).isEmpty();
        assertThat(Fingerprint.similarity(new long[0], new long[0])).isZero();
    }

    @Test
    void shortDifferentTextsDoNotAgreeOnTheBinsTheyLeaveEmpty() {
        // twelve words: nine shingles for sixteen bins, so most bins get no shingle of their own
        long[] a = Fingerprint.of(null, "ministers from both sides met in the capital on monday to discuss trade");
        long[] b = Fingerprint.of(null, "the storm closed ports along the coast and delayed flights for two days");
        assertThat(a).hasSize(Fingerprint.SIZE);
        assertThat(Fingerprint.similarity(a, b)).isLessThan(0.2);
        assertThat(Fingerprint.similarity(a, a)).isEqualTo(1.0);
    }

    @Test
    void caseAndPunctuationDoNotMatter() {
        assertThat(Fingerprint.of(null, WIRE))
                .containsExactly(Fingerprint.of(null, WIRE.toUpperCase().replace(",", " ;")));
    }

    @Test
    void asciiTextGetsTheSameFingerprintAsThroughTheGeneralPath() {
        // a no-break space is no word character, so the text's words are the same, but it is not ASCII:
        // the fingerprint with it comes from the general path (lower-cased copy, Character's classes)
        String mixed = WIRE.toUpperCase().replace(",", " ;") + " Route 66, 2026: US-Pakistan TALKS.";
        assertThat(Fingerprint.of(null, mixed))
                .hasSize(Fingerprint.SIZE)
                .containsExactly(Fingerprint.of(null, mixed + "\u00a0"));
        assertThat(Fingerprint.of("Title", "x")).isEmpty();
    }
}
