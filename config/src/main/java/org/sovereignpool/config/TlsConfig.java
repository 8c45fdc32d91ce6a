package org.sovereignpool.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for one Stratum listener. The files are not read here; the server opens them at start.
 *
 * @param certFile PEM certificate chain
 * @param keyFile PEM private key
 */
public record TlsConfig(Path certFile, Path keyFile) {
    public TlsConfig {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
