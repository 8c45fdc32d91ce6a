/**
 * Stratum V1 wire codec: newline framing (Netty's {@code LineBasedFrameDecoder} with a cap), the JSON-RPC decoder that
 * turns bad input into values, and the encoder. A codec translates; handlers decide.
 */
package org.sovereignpool.stratum.codec;
