/**
 * Stratum V1 wire codec: the decoder that frames lines (with a cap) and turns each into a request, bad input into
 * values, and the encoder. A codec translates; handlers decide.
 */
package org.sovereignpool.stratum.codec;
