package org.sovereignpool.config;

import java.util.ArrayList;
import java.util.List;

/** The errors found while binding one document. One per load; not shared between threads. */
final class Errors {
    private final List<ConfigError> list = new ArrayList<>();

    void add(String path, String message) {
        list.add(new ConfigError(path, message));
    }

    int count() {
        return list.size();
    }

    List<ConfigError> all() {
        return List.copyOf(list);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }
}
