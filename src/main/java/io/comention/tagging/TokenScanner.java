package io.comention.tagging;

import static io.comention.tagging.AliasMatcher.NO_NODE;
import static io.comention.tagging.TokenChars.ASCII_LOWER;
import static io.comention.tagging.TokenChars.ASCII_WORD;
import static io.comention.tagging.TokenChars.CASE_BITS;
import static io.comention.tagging.TokenChars.HASH_SEED;
import static io.comention.tagging.TokenChars.HIGH;
import static io.comention.tagging.TokenChars.LONGS;
import static io.comention.tagging.TokenChars.ONES;
import static io.comention.tagging.TokenChars.asciiHash;
import static io.comention.tagging.TokenChars.hashKey;
import static io.comention.tagging.TokenChars.head;
import static io.comention.tagging.TokenChars.isArabicProclitic;
import static io.comention.tagging.TokenChars.isDense;
import static io.comention.tagging.TokenChars.isSpace;
import static io.comention.tagging.TokenChars.isWordChar;
import static io.comention.tagging.TokenChars.lower;
import static io.comention.tagging.TokenChars.lowered;
import static io.comention.tagging.TokenChars.mix;
import static io.comention.tagging.TokenChars.movemask;
import static io.comention.tagging.TokenChars.wordEnd;

import io.comention.tagging.TextNormalizer.NormalizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits text into the matcher's tokens: words looked up in the vocabulary (with the trie node each
 * starts, if any) and single characters for everything else. Two paths give the same tokens: a general
 * one over normalised text and a faster one over text that folds to plain ASCII. The buffers are
 * per thread and reused, so a scan allocates nothing once they are large enough.
 */
final class TokenScanner {

    private final Vocabulary vocabulary;
    private final ThreadLocal<Tokens> scratch = ThreadLocal.withInitial(Tokens::new);
    /**
     * The buffers of the thread that scanned last. In the job each tagger serves one task thread, whose
     * map of thread-locals is crowded (a lookup there cost ~2 % of the job's CPU); other threads find
     * another owner here and ask {@link #scratch}. Racy on purpose: an {@link Owned} is immutable, and only
     * its own thread ever writes one that names it.
     */
    private Owned last;

    private record Owned(Thread thread, Tokens tokens) {}

    TokenScanner(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** This thread's buffers. */
    private Tokens buffers() {
        Owned owned = last;
        Thread current = Thread.currentThread();
        if (owned != null && owned.thread == current) {
            return owned.tokens;
        }
        Tokens tokens = scratch.get();
        last = new Owned(current, tokens);
        return tokens;
    }

    /** Splits folded text into tokens, as the matcher sees them (used for aliases at build time). */
    static List<String> tokenize(NormalizedText t) {
        List<String> out = new ArrayList<>();
        char[] c = t.chars;
        int i = 0;
        while (i < t.length) {
            char ch = c[i];
            if (isSpace(ch)) {
                i++;
            } else if (isWordChar(ch) && !isDense(ch)) {
                int s = i;
                while (i < t.length && isWordChar(c[i]) && !isDense(c[i])) {
                    i++;
                }
                out.add(new String(c, s, i - s));
            } else {
                out.add(String.valueOf(ch));
                i++;
            }
        }
        return out;
    }

    Tokens scan(NormalizedText text) {
        Tokens tk = buffers();
        tk.reset(text.chars, null);
        char[] c = text.chars;
        Vocabulary v = vocabulary;
        int[] vocab = v.vocab;
        int n = text.length;
        int i = 0;
        while (i < n) {
            char ch = c[i];
            int s = i;
            int h;
            if (ch < 0x80) {
                if (ch <= ' ') {
                    i++;
                    continue;
                }
                if (ASCII_WORD[ch]) {
                    h = ASCII_LOWER[ch];
                    i++;
                    while (i < n) {
                        char x = c[i];
                        if (x < 0x80) {
                            if (!ASCII_WORD[x]) {
                                break;
                            }
                            h = 31 * h + ASCII_LOWER[x];
                        } else if (isWordChar(x) && !isDense(x)) {
                            h = 31 * h + Character.toLowerCase(x);
                        } else {
                            break;
                        }
                        i++;
                    }
                } else {
                    h = ch;
                    i++;
                }
            } else if (isSpace(ch)) {
                i++;
                continue;
            } else if (isWordChar(ch) && !isDense(ch)) {
                h = 0;
                while (i < n && isWordChar(c[i]) && !isDense(c[i])) {
                    h = 31 * h + lower(c[i]);
                    i++;
                }
                int slot = v.lookup(h, c, s, i);
                if (slot < 0 && i - s >= 4 && ch >= '\u0600' && ch <= '\u06FF' && isArabicProclitic(ch)) {
                    int h2 = hashKey(lowered(c, s + 1, i), 0, i - s - 1);
                    int slot2 = v.lookup(h2, c, s + 1, i);
                    if (slot2 >= 0) {
                        tk.add(s + 1, i, vocab[slot2 + 1] - 1, vocab[slot2 + 2]);
                        continue;
                    }
                }
                tk.add(s, i, slot < 0 ? -1 : vocab[slot + 1] - 1, slot < 0 ? NO_NODE : vocab[slot + 2]);
                continue;
            } else {
                h = lower(ch);
                i++;
            }
            // only tokens that may start an alias are looked up now; the rest when a match reaches them
            int bit = mix(h) >>> v.filterShift;
            int slot = (v.rootFilter[bit >>> 6] & (1L << bit)) == 0 ? -1 : v.lookup(h, c, s, i);
            if (slot < 0 || vocab[slot + 2] == NO_NODE) {
                tk.add(s, i, h);
            } else {
                tk.add(s, i, vocab[slot + 1] - 1, vocab[slot + 2]);
            }
        }
        return tk;
    }

    /**
     * Tokenises ASCII text ({@code b[0, n)}, all bytes below 0x80, zero bytes from {@code n} to the next
     * multiple of 64 plus 8) into the same tokens {@link #scan} finds in the same characters.
     *
     * <p>Why it is written like this: a loop that branches on every character cannot beat about 230 MB/s
     * on the machines we measured. Here a first loop classifies eight bytes at a time with carry-free byte
     * arithmetic (SWAR) and packs the result into two bitmaps, one bit per byte: word bytes (ASCII letters
     * and digits) and non-space bytes. A second loop visits only token starts, found by counting trailing
     * zeros, and finds a word's end the same way. Words are hashed from whole 8-byte loads, and only
     * words whose hash bit is set in the root filter are looked up (a word not written with a capital
     * first letter in the filter of the words that start an alias in lower case too); the rest are
     * resolved when a match walk reaches them.
     */
    Tokens scanAscii(byte[] b, int n) {
        Tokens tk = buffers();
        tk.reset(null, b);
        int blocks = (n + 63) >>> 6;
        tk.ensureCapacity(n, blocks + 1);
        long[] wordBits = tk.wordBits;
        long[] nonSpaceBits = tk.nonSpaceBits;
        for (int blk = 0; blk < blocks; blk++) {
            long word = 0;
            long nonSpace = 0;
            for (int k = 0; k < 8; k++) {
                long x = (long) LONGS.get(b, (blk << 6) + (k << 3));
                long low = x | CASE_BITS;
                // top bit of each byte: low in 'a'..'z' (a letter of either case) or x in '0'..'9'
                long letter = (low + ONES * (0x80 - 'a')) & ~(low + ONES * (0x7F - 'z'));
                long digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x7F - '9'));
                word |= movemask((letter | digit) & HIGH) << (k << 3);
                nonSpace |= movemask((x + ONES * (0x7F - ' ')) & HIGH) << (k << 3);
            }
            wordBits[blk] = word;
            nonSpaceBits[blk] = nonSpace;
        }
        wordBits[blocks] = 0;

        int[] start = tk.start;
        int[] end = tk.end;
        int[] id = tk.id;
        int[] root = tk.root;
        int[] hash = tk.hash;
        int[] aliasStarts = tk.aliasStarts;
        int startCount = 0;
        long[] memoHead = tk.memoHead;
        int[] memoId = tk.memoId;
        int[] memoRoot = tk.memoRoot;
        Vocabulary v = vocabulary; // its tables in locals: the loop below reads them for every word
        long[] asciiRootFilter = v.asciiRootFilter;
        int asciiFilterShift = v.asciiFilterShift;
        int lowerFilterShift = v.lowerFilterShift;
        long[] asciiVocab = v.asciiVocab;
        int[] asciiRoot = v.asciiRoot;
        int[] punctId = v.punctId;
        int[] punctRoot = v.punctRoot;
        int count = 0;
        long carry = 0; // 1 when the previous block ends inside a word
        for (int blk = 0; blk < blocks; blk++) {
            long word = wordBits[blk];
            long punct = nonSpaceBits[blk] & ~word;
            long starts = (word & ~((word << 1) | carry)) | punct;
            carry = word >>> 63;
            int base = blk << 6;
            while (starts != 0) {
                int bit = Long.numberOfTrailingZeros(starts);
                starts &= starts - 1;
                int s = base + bit;
                int tokenId;
                int rootNode;
                int e;
                if (((punct >>> bit) & 1) != 0) {
                    e = s + 1;
                    tokenId = punctId[b[s]];
                    rootNode = punctRoot[b[s]];
                } else {
                    long rest = ~word >>> bit; // bit 0 is this word's first byte; the first set bit ends it
                    e = rest != 0 ? s + Long.numberOfTrailingZeros(rest) : wordEnd(wordBits, blk + 1);
                    tokenId = Tokens.UNRESOLVED;
                    rootNode = NO_NODE;
                    // the root filter is keyed by the first eight bytes only, so a longer word is hashed
                    // in full only if it passes (or when a walk or a rule asks: Tokens#wordHash); for up
                    // to eight letters that head product is already the whole hash
                    long first8 = head(b, s, e);
                    long h = first8 * HASH_SEED;
                    boolean shortWord = e - s <= 8;
                    h = shortWord ? h ^ (h >>> 31) : 0;
                    hash[count] = (int) h;
                    int f = (int) (first8 * HASH_SEED >>> asciiFilterShift);
                    // a word without a capital first letter (0x20 set: lower case or digit) is tested
                    // against the second filter, of the words that start an alias in lower case too
                    int filterWord = ((b[s] & 0x20) << lowerFilterShift) + (f >>> 6);
                    if ((asciiRootFilter[filterWord] & (1L << f)) != 0) {
                        if (!shortWord) {
                            h = asciiHash(b, s, e);
                            hash[count] = (int) h;
                        }
                        // words that start aliases ("the", "President", "United") recur: a short word's
                        // answer is remembered in a small table that stays in the L1 cache
                        long head = e - s < 8 ? first8 : 0;
                        int m = (int) h & (Tokens.MEMO - 1);
                        if (head != 0 && memoHead[m] == head) {
                            tokenId = memoId[m];
                            rootNode = memoRoot[m];
                        } else {
                            int slot = v.lookupAscii((int) h, b, s, e);
                            if (slot >= 0 && asciiRoot[slot] != NO_NODE) {
                                tokenId = (int) asciiVocab[slot * 2 + 1] - 1;
                                rootNode = asciiRoot[slot];
                            }
                            if (head != 0) {
                                memoHead[m] = head;
                                memoId[m] = tokenId;
                                memoRoot[m] = rootNode;
                            }
                        }
                    }
                }
                start[count] = s;
                end[count] = e;
                id[count] = tokenId;
                aliasStarts[startCount] = count; // kept only if it starts an alias: no branch
                startCount += rootNode != NO_NODE ? 1 : 0;
                root[count++] = rootNode;
            }
        }
        tk.count = count;
        tk.aliasStartCount = startCount;
        Arrays.fill(tk.info, 0, count, 0);
        return tk;
    }

    /** {@code text} folded to ASCII in this thread's buffer, zero-padded as scanAscii needs; null if it does not fold to ASCII. */
    byte[] foldToAscii(String text) {
        Tokens tk = buffers();
        tk.source = null; // the buffer the tokens point into is about to change
        int n = text.length();
        int padded = ((n + 63) & ~63) + 8; // whole 64-byte blocks, plus 8 bytes for a load at the last byte
        if (tk.asciiBuffer.length < padded) {
            tk.asciiBuffer = new byte[padded + padded / 2];
        }
        byte[] b = tk.asciiBuffer;
        if (!TextNormalizer.foldToAscii(text, b)) {
            return null;
        }
        Arrays.fill(b, n, padded, (byte) 0);
        return b;
    }

    /** The tokens of {@code text} on the ASCII path if it qualifies, else on the general path. */
    Tokens scanAny(String text) {
        Tokens last = buffers();
        if (last.source == text) {
            return last; // this thread's last scan was of this very string, and nothing has changed its buffers
        }
        byte[] b = foldToAscii(text);
        return b == null ? scan(TextNormalizer.normalize(text)) : scanWhole(b, text);
    }

    /** {@link #scanAscii} of the whole of {@code text}, folded into {@code b}; remembers the text (see scanAny). */
    Tokens scanWhole(byte[] b, String text) {
        Tokens tk = scanAscii(b, text.length());
        tk.source = text;
        return tk;
    }
}
