package org.sovereignpool.sim.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.LegacyAddress;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.script.ScriptBuilder;
import org.sovereignpool.share.model.Hex;

/**
 * Scripts as Bitcoin Core's RPC shows them (regtest): {@code ScriptToAsmStr}, the output type of {@code Solver}, the
 * address, and the inferred descriptor with its BIP 380 checksum; and addresses decoded to scripts.
 */
final class Scripts {
    private static final AddressParser PARSER = AddressParser.getDefault(BitcoinNetwork.REGTEST);
    private static final String[] OP_NAMES = opNames();

    private Scripts() {}

    /** A regtest address's scriptPubKey, empty when it is not one. */
    static Optional<byte[]> scriptFor(String address) {
        try {
            Address a = PARSER.parseAddress(address);
            return Optional.of(ScriptBuilder.createOutputScript(a).program());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Core's ScriptToUniv for an output: asm, desc, hex, address (when it has one), type. */
    static ObjectNode scriptPubKey(byte[] script) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("asm", asm(script, false));
        Optional<String> address = address(script);
        o.put("desc", descriptor(script, address));
        o.put("hex", Hex.encode(script));
        address.ifPresent(a -> o.put("address", a));
        o.put("type", type(script));
        return o;
    }

    /** Core's Solver output type name. */
    static String type(byte[] s) {
        int n = s.length;
        if (n == 25 && u(s, 0) == 0x76 && u(s, 1) == 0xa9 && u(s, 2) == 0x14 && u(s, 23) == 0x88 && u(s, 24) == 0xac) {
            return "pubkeyhash";
        }
        if (n == 23 && u(s, 0) == 0xa9 && u(s, 1) == 0x14 && u(s, 22) == 0x87) {
            return "scripthash";
        }
        int version = witnessVersion(s);
        if (version == 0 && n == 22) {
            return "witness_v0_keyhash";
        }
        if (version == 0 && n == 34) {
            return "witness_v0_scripthash";
        }
        if (version == 1 && n == 34) {
            return "witness_v1_taproot";
        }
        if (version == 1 && n == 4 && u(s, 2) == 0x4e && u(s, 3) == 0x73) {
            return "anchor";
        }
        if (version > 0) {
            return "witness_unknown";
        }
        if (n >= 1 && u(s, 0) == 0x6a && pushOnly(s, 1)) {
            return "nulldata";
        }
        if ((n == 35 && u(s, 0) == 33 || n == 67 && u(s, 0) == 65) && u(s, n - 1) == 0xac) {
            return "pubkey";
        }
        if (multisig(s) != null) {
            return "multisig";
        }
        return "nonstandard";
    }

    /** The address Core's ExtractDestination gives, if any (not for bare keys, multisig or OP_RETURN). */
    static Optional<String> address(byte[] s) {
        try {
            return switch (type(s)) {
                case "pubkeyhash" ->
                    Optional.of(LegacyAddress.fromPubKeyHash(BitcoinNetwork.REGTEST, Arrays.copyOfRange(s, 3, 23))
                            .toString());
                case "scripthash" ->
                    Optional.of(LegacyAddress.fromScriptHash(BitcoinNetwork.REGTEST, Arrays.copyOfRange(s, 2, 22))
                            .toString());
                case "witness_v0_keyhash", "witness_v0_scripthash", "witness_v1_taproot", "anchor", "witness_unknown" ->
                    Optional.of(SegwitAddress.fromProgram(
                                    BitcoinNetwork.REGTEST, witnessVersion(s), Arrays.copyOfRange(s, 2, s.length))
                            .toString());
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String descriptor(byte[] s, Optional<String> address) {
        if (address.isPresent()) {
            return withChecksum("addr(" + address.get() + ")");
        }
        String type = type(s);
        if (type.equals("pubkey")) {
            return withChecksum("pk(" + Hex.encode(Arrays.copyOfRange(s, 1, s.length - 1)) + ")");
        }
        List<String> multi = type.equals("multisig") ? multisig(s) : null;
        if (multi != null) {
            return withChecksum("multi(" + String.join(",", multi) + ")");
        }
        return withChecksum("raw(" + Hex.encode(s) + ")");
    }

    /** m, the keys in hex, for a bare multisig script; null otherwise. */
    private static List<String> multisig(byte[] s) {
        if (s.length < 3 || u(s, s.length - 1) != 0xae) {
            return null;
        }
        int m = u(s, 0) - 0x50;
        int n = u(s, s.length - 2) - 0x50;
        if (m < 1 || m > 16 || n < m || n > 16) {
            return null;
        }
        List<String> out = new ArrayList<>(List.of(Integer.toString(m)));
        int pos = 1;
        for (int i = 0; i < n; i++) {
            if (pos >= s.length - 2) {
                return null;
            }
            int len = u(s, pos);
            if ((len != 33 && len != 65) || pos + 1 + len > s.length - 2) {
                return null;
            }
            out.add(Hex.encode(Arrays.copyOfRange(s, pos + 1, pos + 1 + len)));
            pos += 1 + len;
        }
        return pos == s.length - 2 ? out : null;
    }

    private static int witnessVersion(byte[] s) {
        if (s.length < 4 || s.length > 42 || u(s, 1) + 2 != s.length) {
            return -1;
        }
        int op = u(s, 0);
        if (op == 0) {
            return 0;
        }
        return op >= 0x51 && op <= 0x60 ? op - 0x50 : -1;
    }

    private static boolean pushOnly(byte[] s, int from) {
        int pos = from;
        while (pos < s.length) {
            int op = u(s, pos);
            if (op > 0x60) {
                return false;
            }
            int next = skipOp(s, pos);
            if (next < 0) {
                return false;
            }
            pos = next;
        }
        return true;
    }

    /** The position after the opcode at {@code pos} (with its push data), or -1 when it runs past the end. */
    private static int skipOp(byte[] s, int pos) {
        int op = u(s, pos);
        int p = pos + 1;
        long len;
        if (op < 0x4c) {
            len = op;
        } else if (op == 0x4c) {
            if (p + 1 > s.length) return -1;
            len = u(s, p);
            p += 1;
        } else if (op == 0x4d) {
            if (p + 2 > s.length) return -1;
            len = u(s, p) | u(s, p + 1) << 8;
            p += 2;
        } else if (op == 0x4e) {
            if (p + 4 > s.length) return -1;
            len = (u(s, p) | u(s, p + 1) << 8 | u(s, p + 2) << 16 | (long) u(s, p + 3) << 24);
            p += 4;
        } else {
            return p;
        }
        return p + len > s.length ? -1 : (int) (p + len);
    }

    /** Core's ScriptToAsmStr; with {@code decodeSighash} a DER signature push shows its sighash type ("[ALL]"). */
    static String asm(byte[] s, boolean decodeSighash) {
        StringBuilder out = new StringBuilder();
        boolean unspendable = s.length > 0 && u(s, 0) == 0x6a;
        int pos = 0;
        while (pos < s.length) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            int op = u(s, pos);
            int next = skipOp(s, pos);
            if (next < 0) {
                return out.append("[error]").toString();
            }
            if (op <= 0x4e) {
                int header = op < 0x4c ? 1 : op == 0x4c ? 2 : op == 0x4d ? 3 : 5;
                byte[] data = Arrays.copyOfRange(s, pos + header, next);
                if (data.length <= 4) {
                    out.append(scriptNum(data));
                } else if (decodeSighash && !unspendable && isStrictSignature(data)) {
                    out.append(Hex.encode(Arrays.copyOf(data, data.length - 1)))
                            .append('[')
                            .append(sighashName(data[data.length - 1] & 0xff))
                            .append(']');
                } else {
                    out.append(Hex.encode(data));
                }
            } else {
                out.append(OP_NAMES[op]);
            }
            pos = next;
        }
        return out.toString();
    }

    /** CScriptNum of up to four bytes: little-endian, sign in the top bit of the last byte. */
    private static long scriptNum(byte[] data) {
        if (data.length == 0) {
            return 0;
        }
        long result = 0;
        for (int i = 0; i < data.length; i++) {
            result |= (long) (data[i] & 0xff) << (8 * i);
        }
        if ((data[data.length - 1] & 0x80) != 0) {
            return -(result & ~(0x80L << (8 * (data.length - 1))));
        }
        return result;
    }

    private static boolean isStrictSignature(byte[] sig) {
        return validDer(sig) && sighashName(sig[sig.length - 1] & 0xff) != null;
    }

    private static String sighashName(int type) {
        return switch (type) {
            case 0x01 -> "ALL";
            case 0x81 -> "ALL|ANYONECANPAY";
            case 0x02 -> "NONE";
            case 0x82 -> "NONE|ANYONECANPAY";
            case 0x03 -> "SINGLE";
            case 0x83 -> "SINGLE|ANYONECANPAY";
            default -> null;
        };
    }

    /** BIP 66's IsValidSignatureEncoding (with the sighash byte at the end). */
    private static boolean validDer(byte[] sig) {
        int n = sig.length;
        if (n < 9 || n > 73 || u(sig, 0) != 0x30 || u(sig, 1) != n - 3 || u(sig, 2) != 0x02) {
            return false;
        }
        int lenR = u(sig, 3);
        if (5 + lenR >= n) {
            return false;
        }
        int lenS = u(sig, 5 + lenR);
        if (lenR + lenS + 7 != n || u(sig, 4 + lenR) != 0x02) {
            return false;
        }
        if (lenR == 0 || (u(sig, 4) & 0x80) != 0 || (lenR > 1 && u(sig, 4) == 0 && (u(sig, 5) & 0x80) == 0)) {
            return false;
        }
        int s = 6 + lenR;
        return lenS != 0 && (u(sig, s) & 0x80) == 0 && !(lenS > 1 && u(sig, s) == 0 && (u(sig, s + 1) & 0x80) == 0);
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xff;
    }

    // ---------------------------------------------------------------- BIP 380 descriptor checksum

    private static final String INPUT_CHARSET =
            "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    private static final String CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final long[] GENERATOR = {0xf5dee51989L, 0xa9fdca3312L, 0x1bab10e32dL, 0x3706b1677aL, 0x644d626ffdL};

    /** The descriptor followed by {@code #} and its eight-character checksum. */
    static String withChecksum(String descriptor) {
        List<Integer> symbols = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (char c : descriptor.toCharArray()) {
            int v = INPUT_CHARSET.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("not a descriptor character: " + c);
            }
            symbols.add(v & 31);
            groups.add(v >> 5);
            if (groups.size() == 3) {
                symbols.add(groups.get(0) * 9 + groups.get(1) * 3 + groups.get(2));
                groups.clear();
            }
        }
        if (groups.size() == 1) {
            symbols.add(groups.get(0));
        } else if (groups.size() == 2) {
            symbols.add(groups.get(0) * 3 + groups.get(1));
        }
        for (int i = 0; i < 8; i++) {
            symbols.add(0);
        }
        long checksum = polymod(symbols) ^ 1;
        StringBuilder out = new StringBuilder(descriptor).append('#');
        for (int i = 0; i < 8; i++) {
            out.append(CHECKSUM_CHARSET.charAt((int) ((checksum >> (5 * (7 - i))) & 31)));
        }
        return out.toString();
    }

    private static long polymod(List<Integer> symbols) {
        long chk = 1;
        for (int value : symbols) {
            long top = chk >> 35;
            chk = ((chk & 0x7ffffffffL) << 5) ^ value;
            for (int i = 0; i < 5; i++) {
                if (((top >> i) & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    private static String[] opNames() {
        String[] names = new String[256];
        Arrays.fill(names, "OP_UNKNOWN");
        names[0x4f] = "-1";
        names[0x50] = "OP_RESERVED";
        for (int i = 1; i <= 16; i++) {
            names[0x50 + i] = Integer.toString(i);
        }
        String[] from61 = {
            "OP_NOP",
            "OP_VER",
            "OP_IF",
            "OP_NOTIF",
            "OP_VERIF",
            "OP_VERNOTIF",
            "OP_ELSE",
            "OP_ENDIF",
            "OP_VERIFY",
            "OP_RETURN",
            "OP_TOALTSTACK",
            "OP_FROMALTSTACK",
            "OP_2DROP",
            "OP_2DUP",
            "OP_3DUP",
            "OP_2OVER",
            "OP_2ROT",
            "OP_2SWAP",
            "OP_IFDUP",
            "OP_DEPTH",
            "OP_DROP",
            "OP_DUP",
            "OP_NIP",
            "OP_OVER",
            "OP_PICK",
            "OP_ROLL",
            "OP_ROT",
            "OP_SWAP",
            "OP_TUCK",
            "OP_CAT",
            "OP_SUBSTR",
            "OP_LEFT",
            "OP_RIGHT",
            "OP_SIZE",
            "OP_INVERT",
            "OP_AND",
            "OP_OR",
            "OP_XOR",
            "OP_EQUAL",
            "OP_EQUALVERIFY",
            "OP_RESERVED1",
            "OP_RESERVED2",
            "OP_1ADD",
            "OP_1SUB",
            "OP_2MUL",
            "OP_2DIV",
            "OP_NEGATE",
            "OP_ABS",
            "OP_NOT",
            "OP_0NOTEQUAL",
            "OP_ADD",
            "OP_SUB",
            "OP_MUL",
            "OP_DIV",
            "OP_MOD",
            "OP_LSHIFT",
            "OP_RSHIFT",
            "OP_BOOLAND",
            "OP_BOOLOR",
            "OP_NUMEQUAL",
            "OP_NUMEQUALVERIFY",
            "OP_NUMNOTEQUAL",
            "OP_LESSTHAN",
            "OP_GREATERTHAN",
            "OP_LESSTHANOREQUAL",
            "OP_GREATERTHANOREQUAL",
            "OP_MIN",
            "OP_MAX",
            "OP_WITHIN",
            "OP_RIPEMD160",
            "OP_SHA1",
            "OP_SHA256",
            "OP_HASH160",
            "OP_HASH256",
            "OP_CODESEPARATOR",
            "OP_CHECKSIG",
            "OP_CHECKSIGVERIFY",
            "OP_CHECKMULTISIG",
            "OP_CHECKMULTISIGVERIFY",
            "OP_NOP1",
            "OP_CHECKLOCKTIMEVERIFY",
            "OP_CHECKSEQUENCEVERIFY",
            "OP_NOP4",
            "OP_NOP5",
            "OP_NOP6",
            "OP_NOP7",
            "OP_NOP8",
            "OP_NOP9",
            "OP_NOP10",
            "OP_CHECKSIGADD"
        };
        System.arraycopy(from61, 0, names, 0x61, from61.length);
        return names;
    }
}
