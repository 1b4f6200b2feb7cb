package io.comention.tagging;

import java.util.List;

/** The phrases of one context rule as folded tokens (the builder turns them into token ids). */
record RulePhrases(
        List<List<String>> notAfter,
        List<List<String>> notBefore,
        boolean notNextToName,
        List<List<String>> notWith,
        List<List<String>> unlessWith,
        List<List<String>> notInNameAfter,
        List<List<String>> notInNameBefore,
        boolean inCapitals,
        List<List<String>> evidenceAfter) {}
