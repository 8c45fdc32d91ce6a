package org.sovereignpool.config.descriptor;

import java.io.Serial;

/**
 * A descriptor that cannot be used: malformed, a wrong checksum, a key for another network, private key material,
 * or a form the treasury does not take. The message says what is wrong and how to fix it; it never repeats private
 * key material.
 */
public final class DescriptorException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DescriptorException(String message) {
        super(message);
    }
}
