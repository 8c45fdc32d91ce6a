package org.sovereignpool.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The resident memory of a process as Linux reports it in {@code /proc/PID/status} ({@code VmRSS}). */
final class ProcessMemory {
    private final Path proc;

    ProcessMemory(Path proc) {
        this.proc = proc;
    }

    static ProcessMemory linux() {
        return new ProcessMemory(Path.of("/proc"));
    }

    /** VmRSS of {@code pid} in bytes; a {@link LoadtestException} naming the pid when it cannot be read. */
    long rssBytes(long pid) {
        Path status = proc.resolve(Long.toString(pid)).resolve("status");
        String text;
        try {
            text = Files.readString(status, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw LoadtestException.option("--server-pid " + pid + ": no such process (" + status + " does not exist)");
        } catch (IOException e) {
            throw LoadtestException.option("--server-pid " + pid + ": cannot read " + status + ": " + e.getMessage());
        }
        return parseVmRss(text, status.toString());
    }

    /** The {@code VmRSS:   1234 kB} line of a status file, in bytes. */
    static long parseVmRss(String status, String source) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).strip().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB")) {
                    try {
                        return Long.parseLong(parts[0]) * 1024;
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
                throw new LoadtestException(source + ": unreadable VmRSS line '" + line.strip() + "'");
            }
        }
        throw new LoadtestException(source + " has no VmRSS line (a kernel thread or a zombie process?)");
    }
}
