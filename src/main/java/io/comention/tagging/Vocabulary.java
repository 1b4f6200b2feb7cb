package io.comention.tagging;

import static io.comention.tagging.AliasMatcher.NO_NODE;
import static io.comention.tagging.TokenChars.ASCII_WORD;
import static io.comention.tagging.TokenChars.HASH_SEED;
import static io.comention.tagging.TokenChars.asciiHash;
import static io.comention.tagging.TokenChars.hashKey;
import static io.comention.tagging.TokenChars.head;
import static io.comention.tagging.TokenChars.isSpace;
import static io.comention.tagging.TokenChars.lower;
import static io.comention.tagging.TokenChars.mix;
import static io.comention.tagging.TokenChars.slotOf;

import java.util.Arrays;
import java.util.List;

/**
 * The token vocabulary: open addressing over flat int arrays, looked up straight from a character buffer
 * (lower-cased on the fly), and its ASCII view, looked up straight from the bytes of the ASCII path. A slot
 * also holds the token's root child in the trie, so a scan learns in one probe whether a token starts an alias.
 */
final class Vocabulary {

    // vocabulary: slots of [hash, token id + 1 (0 = empty), root child or -1, key length]
    final int[] vocab;
    final int vocabSlots;
    final char[] keyChars;
    final int[] keyStart; // token id -> start in keyChars; keyStart[id + 1] is its end
    // one bit per hash bucket: a token whose bit is clear is not in the vocabulary (no table probe needed)
    final long[] filter;
    final long[] rootFilter; // the same for tokens that start an alias
    final int filterShift;
    // The ASCII path's view of the same vocabulary (see matchAscii): word keys of ASCII letters and digits,
    // hashed eight bytes at a time. Slots of two longs, [the key's first eight bytes, hash << 32 | token
    // id + 1 (0 = empty)], so a probe reads one cache line and the first eight bytes settle equality outright
    // for keys of up to seven characters; the root child (or -1) is in a separate array, read on a hit.
    final long[] asciiVocab;
    final int[] asciiRoot;
    final int asciiSlots;
    // two filters of one bit per hash bucket, one after the other: the ASCII words that start an alias, then
    // those that can start one written in lower case (a word whose aliases all need a capital first letter,
    // such as a place name "Of" or "To", or an acronym, starts no match as "of" or "to")
    final long[] asciiRootFilter;
    final int asciiFilterShift;
    final int lowerFilterShift; // (first byte & 0x20) << lowerFilterShift: the word offset of the second filter
    final int[] punctId = new int[128]; // ASCII punctuation character -> token id or -1
    final int[] punctRoot = new int[128]; // ... -> root child or -1

    /**
     * Builds the tables for {@code keys} (token id = index); fills {@code asciiHashOf} for the ASCII word keys.
     * {@code lowerStart}: by token id, whether some alias that starts with the token can match with the token
     * written without a capital first letter.
     */
    Vocabulary(List<String> keys, int[] rootChild, boolean[] lowerStart, int[] asciiHashOf) {
        int tokens = keys.size();
        int keyLength = 0;
        for (String k : keys) {
            keyLength += k.length();
        }
        keyChars = new char[keyLength];
        keyStart = new int[tokens + 1];
        int pos = 0;
        for (int id = 0; id < tokens; id++) {
            String k = keys.get(id);
            keyStart[id] = pos;
            k.getChars(0, k.length(), keyChars, pos);
            pos += k.length();
        }
        keyStart[tokens] = pos;
        vocabSlots = Math.max(8, tokens * 2 + 1); // kept sparser than the trie: every text token may probe it
        vocab = new int[vocabSlots * 4];
        for (int id = 0; id < tokens; id++) {
            int h = hashKey(keyChars, keyStart[id], keyStart[id + 1]);
            int slot = slotOf(h, vocabSlots);
            while (vocab[slot * 4 + 1] != 0) {
                slot = slot + 1 == vocabSlots ? 0 : slot + 1;
            }
            int base = slot * 4;
            vocab[base] = h;
            vocab[base + 1] = id + 1;
            vocab[base + 2] = id < rootChild.length ? rootChild[id] : NO_NODE;
            vocab[base + 3] = keyStart[id + 1] - keyStart[id];
        }
        int filterBits = Integer.highestOneBit(Math.max(1 << 12, tokens * 16 - 1)) << 1;
        filter = new long[filterBits >>> 6];
        rootFilter = new long[filterBits >>> 6];
        filterShift = 32 - Integer.numberOfTrailingZeros(filterBits);
        for (int id = 0; id < tokens; id++) {
            int bit = mix(hashKey(keyChars, keyStart[id], keyStart[id + 1])) >>> filterShift;
            filter[bit >>> 6] |= 1L << bit;
            if (id < rootChild.length && rootChild[id] != NO_NODE) {
                rootFilter[bit >>> 6] |= 1L << bit;
            }
        }
        int asciiKeys = 0;
        for (int id = 0; id < tokens; id++) {
            asciiKeys += isAsciiWordKey(id) ? 1 : 0;
        }
        asciiSlots = Math.max(8, asciiKeys * 2 + 1);
        asciiVocab = new long[asciiSlots * 2];
        asciiRoot = new int[asciiSlots];
        int asciiFilterBits = Integer.highestOneBit(Math.max(1 << 12, asciiKeys * 16 - 1)) << 1;
        int filterWords = asciiFilterBits >>> 6; // a power of two, at least 64
        asciiRootFilter = new long[filterWords * 2];
        asciiFilterShift = 64 - Integer.numberOfTrailingZeros(asciiFilterBits);
        lowerFilterShift = Integer.numberOfTrailingZeros(filterWords) - 5;
        byte[] key = new byte[64];
        for (int id = 0; id < tokens; id++) {
            if (!isAsciiWordKey(id)) {
                continue;
            }
            int len = keyStart[id + 1] - keyStart[id];
            if (key.length < len + 8) {
                key = new byte[len + 8];
            }
            Arrays.fill(key, (byte) 0);
            for (int i = 0; i < len; i++) {
                key[i] = (byte) keyChars[keyStart[id] + i];
            }
            long h = asciiHash(key, 0, len);
            asciiHashOf[id] = (int) h;
            int slot = asciiSlotOf((int) h);
            while (asciiVocab[slot * 2 + 1] != 0) {
                slot = slot + 1 == asciiSlots ? 0 : slot + 1;
            }
            int root = id < rootChild.length ? rootChild[id] : NO_NODE;
            asciiVocab[slot * 2] = head(key, 0, len);
            asciiVocab[slot * 2 + 1] = (h << 32) | (id + 1);
            asciiRoot[slot] = root;
            if (root != NO_NODE) {
                int bit = (int) (head(key, 0, len) * HASH_SEED >>> asciiFilterShift); // see TokenScanner#scanAscii
                asciiRootFilter[bit >>> 6] |= 1L << bit;
                if (lowerStart[id]) {
                    asciiRootFilter[filterWords + (bit >>> 6)] |= 1L << bit;
                }
            }
        }
        for (char c = 0; c < 128; c++) {
            int slot = isSpace(c) || ASCII_WORD[c] ? -1 : lookup(c, new char[] {c}, 0, 1);
            punctId[c] = slot < 0 ? -1 : vocab[slot + 1] - 1;
            // punctuation is never a capital letter
            punctRoot[c] = slot < 0 || !lowerStart[vocab[slot + 1] - 1] ? NO_NODE : vocab[slot + 2];
        }
    }

    /** Whether a vocabulary key consists of ASCII letters and digits only (the ASCII path's word tokens). */
    boolean isAsciiWordKey(int id) {
        for (int i = keyStart[id]; i < keyStart[id + 1]; i++) {
            char c = keyChars[i];
            if (c >= 128 || !ASCII_WORD[c]) {
                return false;
            }
        }
        return keyStart[id + 1] > keyStart[id];
    }

    int asciiSlotOf(int h) {
        return (int) (((h & 0xFFFFFFFFL) * asciiSlots) >>> 32);
    }
    /** ASCII vocabulary slot of the word {@code b[start, end)} with hash {@code h}, or -1. */
    int lookupAscii(int h, byte[] b, int start, int end) {
        int len = end - start;
        long head = head(b, start, end);
        int slot = asciiSlotOf(h);
        while (true) {
            long hashAndId = asciiVocab[slot * 2 + 1];
            if (hashAndId == 0) {
                return -1;
            }
            // words hold no zero bytes, so equal heads of a word shorter than eight mean equal words
            if ((int) (hashAndId >>> 32) == h
                    && asciiVocab[slot * 2] == head
                    && (len < 8 || sameLengthAndTail(b, start, end, (int) hashAndId))) {
                return slot;
            }
            slot = slot + 1 == asciiSlots ? 0 : slot + 1;
        }
    }

    boolean sameLengthAndTail(byte[] b, int start, int end, int idPlusOne) {
        int key = keyStart[idPlusOne - 1];
        if (keyStart[idPlusOne] - key != end - start) {
            return false;
        }
        key += 8;
        for (int i = start + 8; i < end; i++, key++) {
            if (keyChars[key] != (b[i] | 0x20)) {
                return false;
            }
        }
        return true;
    }
    /** Vocabulary slot base of the token {@code buf[start, end)} with hash {@code h}, or -1. */
    int lookup(int h, char[] buf, int start, int end) {
        int bit = mix(h) >>> filterShift;
        if ((filter[bit >>> 6] & (1L << bit)) == 0) {
            return -1;
        }
        int len = end - start;
        int slot = slotOf(h, vocabSlots);
        while (true) {
            int base = slot * 4;
            int idPlusOne = vocab[base + 1];
            if (idPlusOne == 0) {
                return -1;
            }
            if (vocab[base] == h && vocab[base + 3] == len) {
                int k = keyStart[idPlusOne - 1];
                int i = 0;
                while (i < len && keyChars[k + i] == lower(buf[start + i])) {
                    i++;
                }
                if (i == len) {
                    return base;
                }
            }
            slot = slot + 1 == vocabSlots ? 0 : slot + 1;
        }
    }
    /** The vocabulary id of token {@code t} (-1: not in the vocabulary), looked up on first use. */
    int tokenId(Tokens tk, int t) {
        int id = tk.id[t];
        if (id == Tokens.UNRESOLVED) {
            if (tk.bytes != null) { // the ASCII path leaves only words unresolved
                byte[] b = tk.bytes;
                int s = tk.start[t];
                int e = tk.end[t];
                if (e - s < 8) {
                    // short words ("the", "of", "in") are looked up again and again next to matches: a small
                    // per-thread memo of their ids saves the vocabulary probe
                    long head = head(b, s, e);
                    int m = tk.wordHash(t) & (Tokens.MEMO - 1);
                    if (tk.idMemoHead[m] == head) {
                        id = tk.idMemoId[m];
                    } else {
                        int slot = lookupAscii(tk.hash[t], b, s, e); // short: hashed by the scan
                        id = slot < 0 ? -1 : (int) asciiVocab[slot * 2 + 1] - 1;
                        tk.idMemoHead[m] = head;
                        tk.idMemoId[m] = id;
                    }
                } else {
                    int slot = lookupAscii(tk.wordHash(t), b, s, e);
                    id = slot < 0 ? -1 : (int) asciiVocab[slot * 2 + 1] - 1;
                }
            } else {
                int slot = lookup(tk.hash[t], tk.chars, tk.start[t], tk.end[t]);
                id = slot < 0 ? -1 : vocab[slot + 1] - 1;
            }
            tk.id[t] = id;
        }
        return id;
    }
}
