package org.sovereignpool.stratum.limit;

import java.lang.management.ManagementFactory;

/** The process's file-descriptor limit (RLIMIT_NOFILE) and use, where the JVM reports them (Unix). */
public final class FileDescriptors {
    private FileDescriptors() {}

    /** The soft limit on open files, or -1 when the platform does not say. */
    public static long limit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** Open descriptors now, or -1 when the platform does not say. */
    public static long open() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getOpenFileDescriptorCount();
        }
        return -1;
    }
}
