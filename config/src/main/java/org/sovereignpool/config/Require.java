package org.sovereignpool.config;

import java.util.Objects;

/** Invariant checks for the record constructors (the loader reports the same rules with key paths). */
final class Require {
    private Require() {}

    static int range(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    static double positive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    static double positiveAtMost(double value, double max, String name) {
        positive(value, name);
        if (value > max) {
            throw new IllegalArgumentException(name + " must be > 0 and <= " + max + ", got " + value);
        }
        return value;
    }

    static String nonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
