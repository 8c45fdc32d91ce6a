package org.sovereignpool.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One bitcoind the pool takes templates from and submits blocks to.
 *
 * @param rpcUrl http or https URL with host and port
 * @param auth user and password, or cookie file
 * @param zmqHashBlock the node's ZMQ {@code hashblock} publisher (tcp:// or ipc://), when configured
 */
public record NodeConfig(URI rpcUrl, NodeAuth auth, Optional<URI> zmqHashBlock) {
    public NodeConfig {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(zmqHashBlock, "zmqHashBlock");
        String scheme = rpcUrl.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || rpcUrl.getHost() == null || rpcUrl.getPort() < 0) {
            throw new IllegalArgumentException("rpcUrl must be an http(s) URL with host and port, got " + rpcUrl);
        }
    }
}
