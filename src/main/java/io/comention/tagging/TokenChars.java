package io.comention.tagging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Character classes, 8-byte (SWAR) word helpers and hashing shared by the matcher's parts: static, so they inline. */
final class TokenChars {

    private TokenChars() {}

    static final char[] ASCII_LOWER = new char[128];

    static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_LOWER[c] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
            ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }

    static int slotsFor(int entries) {
        return Math.max(8, (int) Math.ceil(entries / AliasMatcher.LOAD) + 1);
    }

    /** Maps a hash onto [0, slots) without a power-of-two table (multiply-shift). */
    static int slotOf(int hash, int slots) {
        return (int) (((mix(hash) & 0xFFFFFFFFL) * slots) >>> 32);
    }

    static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    static int edgeHash(int parent, int token) {
        return parent * 0x85EBCA6B + token;
    }

    static int hashKey(char[] key, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + key[i];
        }
        return h;
    }

    static char lower(char c) {
        return c < 128 ? ASCII_LOWER[c] : Character.toLowerCase(c);
    }

    static boolean isWordChar(char c) {
        if (c < 128) {
            return ASCII_WORD[c];
        }
        if (Character.isSurrogate(c)) {
            return true;
        }
        int t = Character.getType(c);
        return Character.isLetterOrDigit(c) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    /** A character of a script written without spaces between words: one token per character. */
    static boolean isDense(char c) {
        return c >= 0x0E00
                && (c <= 0x0EFF // Thai, Lao
                        || (c >= 0x1000 && c <= 0x109F) // Myanmar
                        || (c >= 0x1780 && c <= 0x17FF) // Khmer
                        || (c >= 0x2E80 && c <= 0x9FFF) // CJK radicals, kana, CJK ideographs
                        || (c >= 0xAC00 && c <= 0xD7AF) // Hangul syllables
                        || (c >= 0xF900 && c <= 0xFAFF) // CJK compatibility ideographs
                        || (c >= 0xFF66 && c <= 0xFF9F)); // half-width kana
    }

    static boolean isSpace(char c) {
        return c <= ' ' || (c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
    }

    static boolean isArabicProclitic(char c) {
        return c == '\u0648' || c == '\u0641' || c == '\u0628' || c == '\u0644' || c == '\u0643';
    }

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final long ONES = 0x0101010101010101L;
    static final long HIGH = 0x8080808080808080L;
    static final long CASE_BITS = 0x2020202020202020L;

    /** The first up-to-eight bytes of the ASCII word {@code b[start, end)}, lower-cased, zero-padded. */
    static long head(byte[] b, int start, int end) {
        int len = end - start;
        long mask = len >= 8 ? -1L : (1L << (len << 3)) - 1;
        // in a word every byte is a letter or digit, and OR-ing 0x20 lower-cases a letter and keeps a digit
        return ((long) LONGS.get(b, start) | CASE_BITS) & mask;
    }

    /** The first multiplier of {@link #asciiHash}; the root filter is keyed by {@code head * HASH_SEED} alone. */
    static final long HASH_SEED = 0x9E3779B97F4A7C15L;

    /** Hash of the lower-cased ASCII word {@code b[start, end)}; reads up to 7 bytes past {@code end}. */
    static long asciiHash(byte[] b, int start, int end) {
        long h = head(b, start, end) * HASH_SEED;
        for (int p = start + 8; p < end; p += 8) {
            h = (h ^ (h >>> 29) ^ head(b, p, end)) * 0xBF58476D1CE4E5B9L;
        }
        return h ^ (h >>> 31);
    }

    /** Gathers the top bit of each byte into the low 8 bits (byte k's bit becomes bit k). */
    static long movemask(long highBits) {
        return ((highBits >>> 7) * 0x0102040810204080L) >>> 56;
    }

    /** The end of a word that runs past a block: the first clear bit from block {@code blk} on. */
    static int wordEnd(long[] wordBits, int blk) {
        while (wordBits[blk] == -1L) {
            blk++;
        }
        return (blk << 6) + Long.numberOfTrailingZeros(~wordBits[blk]);
    }

    static char[] lowered(char[] c, int s, int e) {
        char[] out = new char[e - s];
        for (int i = s; i < e; i++) {
            out[i - s] = lower(c[i]);
        }
        return out;
    }

    /** A bundled word list: one word a line, blank lines and '#' comments skipped. */
    static Set<String> wordList(String resource) {
        try (InputStream in = TokenChars.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath:" + resource + " is missing; rebuild the project");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    // file order, so that token ids are given out in the same order every run
                    .collect(Collectors.collectingAndThen(
                            Collectors.toCollection(LinkedHashSet::new), Collections::unmodifiableSet));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath:" + resource, e);
        }
    }

    static boolean isCapital(char c) {
        return c < 128 ? (c >= 'A' && c <= 'Z') : (Character.isUpperCase(c) || Character.isTitleCase(c));
    }
}
