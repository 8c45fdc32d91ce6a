package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.sovereignpool.config.TlsConfig;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.stratum.testing.MutableClock;
import org.sovereignpool.stratum.testing.TestPools;

/** The stratum+ssl listener: certificate and key from files, the same protocol inside TLS. */
class TlsListenerTest {

    @Test
    void speaksStratumOverTls() throws Exception {
        Path cert = Path.of(getClass().getResource("/tls/cert.pem").toURI());
        Path key = Path.of(getClass().getResource("/tls/key.pem").toURI());
        var config = TestPools.config(TestPools.Knobs.regtest(0.01));
        StratumServer server = new StratumServer(
                config,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                b -> {},
                s -> {},
                new RegisteredOperators(config),
                Sha256s::fastest,
                new MutableClock(Instant.now()),
                JobRefresher.rollNtime(),
                1);
        try {
            var bound = server.start(List.of(
                    new Listener("127.0.0.1", 0, OptionalDouble.empty(), Optional.of(new TlsConfig(cert, key)))));
            try (SSLSocket socket = (SSLSocket) clientContext(cert)
                    .getSocketFactory()
                    .createSocket("127.0.0.1", bound.get(0).getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(
                        "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertThat(line).startsWith("{\"id\":1,\"result\":[[[\"mining.set_difficulty\",");
                assertThat(socket.getSession().getProtocol()).startsWith("TLS");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aMissingCertificateFileIsAClearError() {
        var config = TestPools.config(TestPools.Knobs.regtest(0.01));
        StratumServer server = new StratumServer(
                config,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                b -> {},
                s -> {},
                new RegisteredOperators(config),
                Sha256s::fastest,
                new MutableClock(Instant.now()),
                JobRefresher.rollNtime(),
                1);
        try {
            Listener l = new Listener(
                    "127.0.0.1",
                    0,
                    OptionalDouble.empty(),
                    Optional.of(new TlsConfig(Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem"))));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.start(List.of(l)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/cert.pem");
        } finally {
            server.close();
        }
    }

    private static SSLContext clientContext(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = java.nio.file.Files.newInputStream(cert)) {
            trust.setCertificateEntry(
                    "pool", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
