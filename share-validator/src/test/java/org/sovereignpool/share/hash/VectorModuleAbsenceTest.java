package org.sovereignpool.share.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hash package works when the JVM runs without the incubator module {@code jdk.incubator.vector}. */
class VectorModuleAbsenceTest {

    @Test
    void thisTestJvmHasTheVectorModule() {
        // surefire passes --add-modules jdk.incubator.vector, so the contract test covers VectorSha256
        assertThat(Sha256s.vectorAvailable()).isTrue();
        assertThat(Sha256s.vectorBatch()).isPresent();
    }

    @Test
    void degradesCleanlyWithoutTheVectorModule() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                List.of(java, "-cp", System.getProperty("java.class.path"), VectorAbsentProbe.class.getName());
        Path log = Files.createTempFile("vector-absent-probe", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exited).as("child JVM exited within 60 s: %s", output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output)
                    .doesNotContain("incubator")
                    .contains("vectorAvailable=false")
                    .contains("vectorBatchPresent=false")
                    .contains("fastest=" + Sha256s.fastest().name())
                    .contains("genesis=" + Sha256ContractTest.GENESIS_DISPLAY_HASH);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
