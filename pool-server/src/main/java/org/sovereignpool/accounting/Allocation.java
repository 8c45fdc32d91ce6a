package org.sovereignpool.accounting;

import java.math.BigDecimal;

/** A worker's share of a split: exact satoshis. */
public record Allocation(String operatorId, String worker, BigDecimal weight, long amountSats) {}
