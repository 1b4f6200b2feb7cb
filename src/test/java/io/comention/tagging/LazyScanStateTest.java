package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the ASCII scan leaves for later is the same as working it out at once: a long word's hash asked
 * through {@link Tokens#wordHash} is the hash of its letters, the list of alias starts is exactly the
 * tokens with a root node, and a name repeated in an article keeps its text in every span. A word whose
 * aliases all need a capital first letter starts none in lower case, so the scan does not list it then;
 * the body's tokens that the article rules read again are those of the body.
 */
class LazyScanStateTest {

    private static final String[] WORDS = {
        "the",
        "Pakistan",
        "Islamabad",
        "internationally",
        "Afghanistan's",
        "United",
        "States",
        "of",
        "America",
        "President",
        "Putin",
        "said",
        "counterterrorism",
        "Organisation",
        "x",
        "Kabul",
        "Road",
        "Jordan",
        "Georgia",
        "Atlanta",
        "UN",
        "U.S.",
        "2026",
        "abcdefgh",
        "abcdefghi",
        "-",
        ",",
        "."
    };

    @Test
    void lazilyHashedWordsAndAliasStartsMatchAnEagerScan() {
        TokenScanner scanner = Fixtures.KB.matcher().scanner();
        Random random = new Random(20261201);
        int longWords = 0;
        int aliasStarts = 0;
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(80);
            for (int k = 0; k < pieces; k++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            String s = text.toString();
            Tokens tk = scanner.scanAny(s);
            assertThat(tk.bytes).as("ASCII text takes the ASCII path").isNotNull();
            List<Integer> withRoot = new ArrayList<>();
            for (int t = 0; t < tk.count; t++) {
                if (tk.root[t] != AliasMatcher.NO_NODE) {
                    withRoot.add(t);
                }
                if (TokenChars.ASCII_WORD[tk.bytes[tk.start[t]]] && tk.id[t] == Tokens.UNRESOLVED) {
                    byte[] word = s.substring(tk.start[t], tk.end[t]).getBytes(StandardCharsets.US_ASCII);
                    byte[] padded = new byte[word.length + 8];
                    System.arraycopy(word, 0, padded, 0, word.length);
                    assertThat(tk.wordHash(t)).isEqualTo((int) TokenChars.asciiHash(padded, 0, word.length));
                    longWords += word.length > 8 ? 1 : 0;
                }
            }
            List<Integer> listed = new ArrayList<>();
            for (int k = 0; k < tk.aliasStartCount; k++) {
                listed.add(tk.aliasStarts[k]);
            }
            assertThat(listed).as(s).isEqualTo(withRoot);
            aliasStarts += listed.size();
        }
        assertThat(longWords).isPositive();
        assertThat(aliasStarts).isPositive();
    }

    @Test
    void aRepeatedNameKeepsItsTextInEverySpan() {
        String body = "Pakistan and Pakistan. PAKISTAN, pakistan's neighbour Pakistan-Afghan talks in Pakistan";
        List<TaggedEntity> tagged = new EntityTagger(Fixtures.KB).tag("Pakistan talks", body);
        TaggedEntity pk =
                tagged.stream().filter(e -> e.id().equals("PK")).findFirst().orElseThrow();
        for (Span span : pk.spans()) {
            String field = span.field().equals("title") ? "Pakistan talks" : body;
            assertThat(span.text()).isEqualTo(field.substring(span.start(), span.end()));
        }
        assertThat(pk.spans()).hasSizeGreaterThan(3);
    }

    @Test
    void aLowerCaseWordIsNoAliasStartWhereEveryAliasNeedsACapital() {
        // "WHO" (the World Health Organization) is an exact-case alias; "the" starts ordinary ones ("the Gambia")
        String text = "who WHO the";
        Tokens tk = Fixtures.KB.matcher().scanner().scanAny(text);
        List<String> starts = new ArrayList<>();
        for (int k = 0; k < tk.aliasStartCount; k++) {
            int t = tk.aliasStarts[k];
            starts.add(text.substring(tk.start[t], tk.end[t]));
        }
        assertThat(starts).containsExactly("WHO", "the");
    }

    @Test
    void theArticleRulesReadTheBodyTheyAskAbout() {
        TokenScanner scanner = Fixtures.KB.matcher().scanner();
        String body = "Georgia votes in Atlanta";
        Tokens first = scanner.scanAny(body);
        assertThat(scanner.scanAny(body))
                .isSameAs(first)
                .extracting(t -> t.count)
                .isEqualTo(4);
        String other = new String("Georgia votes in Atlanta!".toCharArray());
        assertThat(scanner.scanAny(other).count).isEqualTo(5); // another string is scanned afresh
        String same = new String(body.toCharArray()); // equal text, another string: scanned again, same tokens
        assertThat(scanner.scanAny(same).count).isEqualTo(4);
        scanner.foldToAscii("Tbilisi");
        assertThat(scanner.scanAny(same).source).isSameAs(same); // the buffer changed: scanned again
        assertThat(scanner.scanAny(same).bytes[0]).isEqualTo((byte) 'G');
    }
}
