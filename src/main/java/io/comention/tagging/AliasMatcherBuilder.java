package io.comention.tagging;

import static io.comention.tagging.TokenChars.edgeHash;
import static io.comention.tagging.TokenChars.lower;
import static io.comention.tagging.TokenChars.mix;

import io.comention.tagging.AliasMatcher.Extra;
import io.comention.tagging.AliasMatcher.Mode;
import io.comention.tagging.CompiledRule.Part;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects aliases; {@link #build()} freezes them into the compact tables. */
final class AliasMatcherBuilder {
    final Map<String, Integer> ids = new HashMap<>();
    final List<String> keys = new ArrayList<>();
    int[] rootChild = new int[1024];
    int[] edgeTable = new int[3 * 1024];
    int edgeCap = 1024;
    int edgeCount;
    int nodeCount = 1;
    int payloadCount;
    int[] pNode = new int[1024];
    int[] pEntity = new int[1024];
    byte[] pMode = new byte[1024];
    private int[] pNext = new int[1024];
    private int[] nodeFirst = new int[1024];
    final List<Extra> pExtra = new ArrayList<>();
    final List<CompiledRule> rules = new ArrayList<>();

    AliasMatcherBuilder() {
        Arrays.fill(rootChild, AliasMatcher.NO_NODE);
        Arrays.fill(nodeFirst, -1);
    }

    /** The id of a (folded) token, added to the vocabulary if new. */
    int tokenId(String token) {
        String key = lowerAll(token);
        Integer id = ids.get(key);
        if (id == null) {
            id = keys.size();
            ids.put(key, id);
            keys.add(key);
        }
        return id;
    }

    /**
     * Adds an alias given as its folded tokens (original case). Returns the trie node it ends on,
     * or -1 when the alias has no tokens.
     */
    int add(List<String> tokens, int entity, Mode mode, CompiledRule rule) {
        if (tokens.isEmpty()) {
            return -1;
        }
        int node = 0;
        for (String tok : tokens) {
            int tid = tokenId(tok);
            node = node == 0 ? rootChild(tid) : edge(node, tid);
        }
        String[] exact = mode == Mode.CASE_SENSITIVE ? tokens.toArray(new String[0]) : null;
        addPayload(node, entity, mode, exact == null && rule == null ? null : new Extra(exact, rule));
        return node;
    }

    int rootChild(int tid) {
        if (tid >= rootChild.length) {
            int old = rootChild.length;
            rootChild = Arrays.copyOf(rootChild, Math.max(tid + 1, old * 2));
            Arrays.fill(rootChild, old, rootChild.length, AliasMatcher.NO_NODE);
        }
        if (rootChild[tid] == AliasMatcher.NO_NODE) {
            rootChild[tid] = newNode();
        }
        return rootChild[tid];
    }

    private int edge(int parent, int tid) {
        int slot = Integer.remainderUnsigned(mix(edgeHash(parent, tid)), edgeCap);
        while (true) {
            int base = slot * 3;
            if (edgeTable[base] == 0) {
                int child = newNode();
                edgeTable[base] = parent + 1;
                edgeTable[base + 1] = tid;
                edgeTable[base + 2] = child;
                if (++edgeCount > edgeCap / 2) {
                    growEdges();
                }
                return child;
            }
            if (edgeTable[base] == parent + 1 && edgeTable[base + 1] == tid) {
                return edgeTable[base + 2];
            }
            slot = slot + 1 == edgeCap ? 0 : slot + 1;
        }
    }

    private void growEdges() {
        int[] old = edgeTable;
        int oldCap = edgeCap;
        edgeCap = oldCap * 2;
        edgeTable = new int[edgeCap * 3];
        for (int s = 0; s < oldCap; s++) {
            int parent = old[s * 3];
            if (parent != 0) {
                int slot = Integer.remainderUnsigned(mix(edgeHash(parent - 1, old[s * 3 + 1])), edgeCap);
                while (edgeTable[slot * 3] != 0) {
                    slot = slot + 1 == edgeCap ? 0 : slot + 1;
                }
                System.arraycopy(old, s * 3, edgeTable, slot * 3, 3);
            }
        }
    }

    private int newNode() {
        if (nodeCount == nodeFirst.length) {
            int old = nodeFirst.length;
            nodeFirst = Arrays.copyOf(nodeFirst, old * 2);
            Arrays.fill(nodeFirst, old, nodeFirst.length, -1);
        }
        return nodeCount++;
    }

    private void addPayload(int node, int entity, Mode mode, Extra extra) {
        if (payloadCount == pNode.length) {
            int cap = payloadCount * 2;
            pNode = Arrays.copyOf(pNode, cap);
            pEntity = Arrays.copyOf(pEntity, cap);
            pMode = Arrays.copyOf(pMode, cap);
            pNext = Arrays.copyOf(pNext, cap);
        }
        pNode[payloadCount] = node;
        pEntity[payloadCount] = entity;
        pMode[payloadCount] = (byte) mode.ordinal();
        pExtra.add(extra);
        // append to the node's list so the first payload stays first
        pNext[payloadCount] = -1;
        if (nodeFirst[node] < 0) {
            nodeFirst[node] = payloadCount;
        } else {
            int p = nodeFirst[node];
            while (pNext[p] >= 0) {
                p = pNext[p];
            }
            pNext[p] = payloadCount;
        }
        payloadCount++;
    }

    /** Whether the node already ends a payload (an alias or an ignore phrase). */
    boolean hasPayload(int node) {
        return node >= 0 && node < nodeCount && nodeFirst[node] >= 0;
    }

    /** The first payload on {@code node} of another entity (or an ignore phrase), as {entity, mode}; null if none. */
    int[] otherAt(int node, int entity) {
        for (int p = nodeFirst[node]; p >= 0; p = pNext[p]) {
            if (pEntity[p] != entity) {
                return new int[] {pEntity[p], pMode[p]};
            }
        }
        return null;
    }

    /** The node an alias's tokens end on, or -1 if no alias has this token sequence as a path. */
    int find(List<String> tokens) {
        int node = 0;
        for (String tok : tokens) {
            Integer tid = ids.get(lowerAll(tok));
            if (tid == null) {
                return -1;
            }
            if (node == 0) {
                node = tid < rootChild.length ? rootChild[tid] : AliasMatcher.NO_NODE;
            } else {
                int slot = Integer.remainderUnsigned(mix(edgeHash(node, tid)), edgeCap);
                int found = AliasMatcher.NO_NODE;
                while (edgeTable[slot * 3] != 0) {
                    if (edgeTable[slot * 3] == node + 1 && edgeTable[slot * 3 + 1] == tid) {
                        found = edgeTable[slot * 3 + 2];
                        break;
                    }
                    slot = slot + 1 == edgeCap ? 0 : slot + 1;
                }
                node = found;
            }
            if (node < 0) {
                return -1;
            }
        }
        return node;
    }

    private final Map<RulePhrases, Part> parts = new HashMap<>();
    private final Map<List<Part>, long[][]> partUnions = new HashMap<>();

    /**
     * Registers the context rules of a form; their phrases are given as folded tokens. Vetoes of several
     * rules are alternatives, so the rules that hold everywhere are merged into one part (one lookup per
     * neighbouring word however many rules an entry has); those for all-caps text into another.
     */
    CompiledRule rule(List<RulePhrases> phrases) {
        List<int[]> notWith = new ArrayList<>();
        List<int[]> unlessWith = new ArrayList<>();
        List<RulePhrases> everywhere = new ArrayList<>();
        List<RulePhrases> inCapitals = new ArrayList<>();
        for (RulePhrases r : phrases) {
            (r.inCapitals() ? inCapitals : everywhere).add(r);
            notWith.addAll(Arrays.asList(ids(r.notWith())));
            unlessWith.addAll(Arrays.asList(ids(r.unlessWith())));
        }
        List<Part> ps = new ArrayList<>(2);
        for (List<RulePhrases> group : List.of(everywhere, inCapitals)) {
            if (!group.isEmpty()) {
                // a shared rule set is one part of many entries' rules: its arrays are built once
                RulePhrases m = merge(group);
                ps.add(parts.computeIfAbsent(
                        m,
                        x -> new Part(
                                ids(x.notAfter()),
                                ids(x.notBefore()),
                                x.notNextToName(),
                                ids(x.notInNameAfter()),
                                ids(x.notInNameBefore()),
                                x.inCapitals(),
                                ids(x.evidenceAfter()))));
            }
        }
        CompiledRule c = new CompiledRule(
                rules.size(),
                ps.toArray(new Part[0]),
                notWith.toArray(new int[0][]),
                unlessWith.toArray(new int[0][]),
                partUnions);
        rules.add(c);
        return c;
    }

    private static RulePhrases merge(List<RulePhrases> rs) {
        if (rs.size() == 1) {
            return rs.get(0);
        }
        List<List<String>> notAfter = new ArrayList<>();
        List<List<String>> notBefore = new ArrayList<>();
        List<List<String>> inNameAfter = new ArrayList<>();
        List<List<String>> inNameBefore = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        boolean nextToName = false;
        for (RulePhrases r : rs) {
            notAfter.addAll(r.notAfter());
            notBefore.addAll(r.notBefore());
            inNameAfter.addAll(r.notInNameAfter());
            inNameBefore.addAll(r.notInNameBefore());
            evidence.addAll(r.evidenceAfter());
            nextToName |= r.notNextToName();
        }
        return new RulePhrases(
                notAfter,
                notBefore,
                nextToName,
                List.of(),
                List.of(),
                inNameAfter,
                inNameBefore,
                rs.get(0).inCapitals(),
                evidence);
    }

    int[][] ids(List<List<String>> phrases) {
        int[][] out = new int[phrases.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = phrases.get(i).stream().mapToInt(this::tokenId).toArray();
        }
        return out;
    }

    AliasMatcher build() {
        // the words the name rules look up by id are in the vocabulary, so no lookup allocates
        ContextVetoes.FUNCTION_WORDS.forEach(this::tokenId);
        ContextVetoes.NAME_CONNECTORS.forEach(this::tokenId);
        return new AliasMatcher(this);
    }

    private static String lowerAll(String s) {
        char[] a = s.toCharArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = lower(a[i]);
        }
        return new String(a);
    }
}
