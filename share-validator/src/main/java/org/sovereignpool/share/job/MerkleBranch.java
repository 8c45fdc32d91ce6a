package org.sovereignpool.share.job;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/**
 * The hashes a miner needs to fold its coinbase txid up to the merkle root: for a block whose transactions are
 * [coinbase, tx1, ..., txN], the siblings of the coinbase's path, bottom first, in internal byte order. Built once
 * per job from the template's txids (never wtxids); the share path folds it into a root without allocating.
 */
public final class MerkleBranch {
    public static final MerkleBranch EMPTY = new MerkleBranch(new byte[0]);

    private final byte[] flat; // depth * 32 bytes

    private MerkleBranch(byte[] flat) {
        this.flat = flat;
    }

    /** The branch for a block whose non-coinbase transactions have these txids, in block order. */
    public static MerkleBranch fromTxids(List<Hash256> txids) {
        List<byte[]> level = new ArrayList<>(txids.size() + 1);
        level.add(null); // the coinbase: unknown until the miner picks extranonce2
        for (Hash256 txid : txids) {
            level.add(txid.internalBytes());
        }
        List<byte[]> branch = new ArrayList<>();
        MessageDigest sha = sha256();
        while (level.size() > 1) {
            branch.add(level.get(1));
            if ((level.size() & 1) == 1) {
                level.add(level.get(level.size() - 1));
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            next.add(null);
            for (int i = 2; i < level.size(); i += 2) {
                next.add(hashPair(sha, level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        byte[] flat = new byte[branch.size() * Hash256.SIZE];
        for (int i = 0; i < branch.size(); i++) {
            System.arraycopy(branch.get(i), 0, flat, i * Hash256.SIZE, Hash256.SIZE);
        }
        return new MerkleBranch(flat);
    }

    /** From the hex strings of {@code mining.notify}'s merkle_branch (internal byte order). */
    public static MerkleBranch fromStratumHex(List<String> hexes) {
        byte[] flat = new byte[hexes.size() * Hash256.SIZE];
        for (int i = 0; i < hexes.size(); i++) {
            Hash256.fromInternalHex(hexes.get(i)).copyInternalTo(flat, i * Hash256.SIZE);
        }
        return new MerkleBranch(flat);
    }

    /** The merkle root of a whole block from all its txids, coinbase first (Bitcoin's odd-level duplication). */
    public static Hash256 rootOf(List<Hash256> txids) {
        if (txids.isEmpty()) {
            throw new IllegalArgumentException("a block has at least the coinbase");
        }
        MerkleBranch branch = fromTxids(txids.subList(1, txids.size()));
        byte[] root = txids.get(0).internalBytes();
        MessageDigest sha = sha256();
        for (int i = 0; i < branch.depth(); i++) {
            root = hashPair(sha, root, branch.entry(i).internalBytes());
        }
        return Hash256.fromInternalBytes(root);
    }

    public int depth() {
        return flat.length / Hash256.SIZE;
    }

    public Hash256 entry(int index) {
        return Hash256.fromInternalBytes(flat, index * Hash256.SIZE);
    }

    public List<String> toStratumHex() {
        List<String> out = new ArrayList<>(depth());
        for (int i = 0; i < depth(); i++) {
            out.add(Hex.encode(flat, i * Hash256.SIZE, Hash256.SIZE));
        }
        return List.copyOf(out);
    }

    /**
     * Folds the coinbase txid at {@code node[0..32)} up the branch, leaving the merkle root there. {@code node}
     * must hold {@link #SCRATCH_SIZE} bytes: the rest is scratch for the sibling and the digest, so that no
     * {@link Sha256} is asked to write over its own input. Allocation-free.
     */
    public void foldInto(byte[] node, Sha256 sha) {
        for (int off = 0; off < flat.length; off += Hash256.SIZE) {
            System.arraycopy(flat, off, node, Hash256.SIZE, Hash256.SIZE);
            sha.doubleHash(node, 0, 2 * Hash256.SIZE, node, 2 * Hash256.SIZE);
            System.arraycopy(node, 2 * Hash256.SIZE, node, 0, Hash256.SIZE);
        }
    }

    /** The scratch {@link #foldInto} needs: node, sibling, digest. */
    public static final int SCRATCH_SIZE = 3 * Hash256.SIZE;

    private static byte[] hashPair(MessageDigest sha, byte[] left, byte[] right) {
        sha.update(left);
        sha.update(right);
        return sha.digest(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "MerkleBranch" + toStratumHex();
    }
}
