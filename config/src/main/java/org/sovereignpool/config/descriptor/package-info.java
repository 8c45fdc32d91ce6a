/**
 * Treasury output descriptors: public keys only.
 *
 * <p>{@link org.sovereignpool.config.descriptor.OutputDescriptor#parse} reads the ranged forms a treasury takes —
 * {@code wpkh(KEY)}, {@code sh(wpkh(KEY))}, {@code wsh(sortedmulti(k,KEY,...))} and key-path {@code tr(KEY)}, each
 * KEY an xpub/tpub with optional origin ending in {@code /*} — with the BIP 380 checksum required ({@link
 * org.sovereignpool.config.descriptor.DescriptorChecksum}, Bitcoin Core's messages), and derives the output at an
 * index: BIP 32 public derivation (bitcoinj), BIP 67 key order, the BIP 341/86 taproot tweak ({@code Taproot}).
 * Private keys (xprv, tprv, WIF) are refused before anything else reads the text, and no message repeats them.
 * Known answers: Bitcoin Core's recorded {@code deriveaddresses}/{@code getdescriptorinfo} replies and the BIPs'
 * test vectors.
 */
package org.sovereignpool.config.descriptor;
