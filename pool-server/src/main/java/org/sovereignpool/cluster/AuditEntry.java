package org.sovereignpool.cluster;

/** One row of {@code admin_audit}: who did what from the console, and when. */
public record AuditEntry(long id, long timeMillis, String actor, String action, String target, String detail) {}
