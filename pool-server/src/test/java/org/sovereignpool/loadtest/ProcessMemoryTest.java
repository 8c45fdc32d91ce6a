package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
    /** The head of a real /proc/PID/status (Linux 6.18, a JVM). */
    static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t27014
            Pid:\t27014
            VmPeak:\t 8983924 kB
            VmSize:\t 8885512 kB
            VmLck:\t       0 kB
            VmPin:\t       0 kB
            VmHWM:\t  212440 kB
            VmRSS:\t  195312 kB
            RssAnon:\t  160120 kB
            """;

    @Test
    void readsVmRssInBytes() {
        assertThat(ProcessMemory.parseVmRss(STATUS, "test")).isEqualTo(195_312L * 1024);
    }

    @Test
    void readsThisProcess() {
        assertThat(ProcessMemory.linux().rssBytes(ProcessHandle.current().pid()))
                .isGreaterThan(1024 * 1024);
    }

    @Test
    void namesTheProblemWithAPid(@TempDir Path proc) throws Exception {
        ProcessMemory memory = new ProcessMemory(proc);
        assertThatThrownBy(() -> memory.rssBytes(999_999))
                .isInstanceOf(LoadtestException.class)
                .hasMessageContaining("--server-pid 999999: no such process");
        Files.createDirectories(proc.resolve("7"));
        Files.writeString(proc.resolve("7/status"), "Name:\tkthreadd\nState:\tS (sleeping)\n");
        assertThatThrownBy(() -> memory.rssBytes(7))
                .isInstanceOf(LoadtestException.class)
                .hasMessageContaining("has no VmRSS line");
        Files.createDirectories(proc.resolve("8"));
        Files.writeString(proc.resolve("8/status"), "VmRSS:\t  12 MB\n");
        assertThatThrownBy(() -> memory.rssBytes(8))
                .isInstanceOf(LoadtestException.class)
                .hasMessageContaining("unreadable VmRSS line 'VmRSS:\t  12 MB'");
        Files.createDirectories(proc.resolve("9"));
        Files.writeString(proc.resolve("9/status"), STATUS);
        assertThat(memory.rssBytes(9)).isEqualTo(195_312L * 1024);
    }
}
