package org.sovereignpool.energy;

/** A BTC price recorded by an admin: {@code price} units of {@code currency} per BTC from {@code timeMillis} on. */
public record BtcPrice(long timeMillis, String currency, double price, String recordedBy) {}
