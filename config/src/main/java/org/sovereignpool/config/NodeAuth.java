package org.sovereignpool.config;

import java.nio.file.Path;
import java.util.Objects;

/** How the pool authenticates to a bitcoind's JSON-RPC: a user and password, or the cookie file. */
public sealed interface NodeAuth {
    /** {@code rpcUser} and {@code rpcPassword}. The password is not shown by {@link #toString()}. */
    record Password(String user, String password) implements NodeAuth {
        public Password {
            Require.nonBlank(user, "rpcUser");
            Objects.requireNonNull(password, "rpcPassword");
        }

        @Override
        public String toString() {
            return "Password[user=" + user + ", password=***]";
        }
    }

    /** {@code cookieFile}: bitcoind's {@code .cookie}, read when connecting. */
    record Cookie(Path file) implements NodeAuth {
        public Cookie {
            Objects.requireNonNull(file, "cookieFile");
        }
    }
}
