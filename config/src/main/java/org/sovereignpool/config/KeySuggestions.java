package org.sovereignpool.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid key closest to a misspelt one. */
final class KeySuggestions {
    private KeySuggestions() {}

    /**
     * The candidate closest to {@code unknown}: one that differs only in case, {@code _} or {@code -}
     * first, otherwise the one at the smallest edit distance (with transpositions), if that distance is
     * small for the key's length.
     */
    static Optional<String> closest(String unknown, Collection<String> candidates) {
        String normalized = normalize(unknown);
        for (String c : candidates) {
            if (normalize(c).equals(normalized)) {
                return Optional.of(c);
            }
        }
        int limit = Math.max(1, Math.min(3, unknown.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(unknown.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }

    private static String normalize(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
