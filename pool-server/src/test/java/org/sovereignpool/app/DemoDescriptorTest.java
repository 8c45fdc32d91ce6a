package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code demo --treasury-descriptor}: the demo pays Bitcoin Core's 2-of-3 regtest descriptor, each accepted block at
 * its own index, and each block's address is the one Core derives for that index
 * (shared/fixtures/bitcoin-core/recorded-2026-11-29/desc-02-wsh-sortedmulti-2of3-deriveaddresses-0-9.json).
 */
class DemoDescriptorTest {
    private static final String MULTISIG = "wsh(sortedmulti(2,"
            + "tpubD6NzVbkrYhZ4WmDXgFvyU7X9pihFaXnt2QsGiSe9wQq2nycUBJhFASAYroBMh2jx6m4o2ZQENrYPzCwngX6y6u8nuW1m5u429JGE"
            + "ctg3Mcb/0/*,"
            + "tpubD6NzVbkrYhZ4WoWWqRAB9zfko6RfBQ6MAdoHXKxsfkbdEmzYAAD3PFpiGcDgHFtUhodcGWFF9YUqWjSZ6mbXqx8k9UEdtJrAFuNo"
            + "SMbsDkm/0/*,"
            + "tpubD6NzVbkrYhZ4XrxApd7R2Mnx9TrbxSpUh8ELfaa487C3kPEdDn6xPAu2VERD6sNEzVZF5Y98JBseCPxS4cgtAaQkS2FjoGg8PQwh"
            + "8FTAFn3/0/*))#vzcua83r";
    private static final List<String> CORE = List.of(
            "bcrt1qdgx7a62gjyd7spv8ryq0gqz8wcrcgragjxfrm6afxy3kg5q8dc9qtskwlc",
            "bcrt1qwgufmy5vg3juntgan2w2v6gh9xaj3jhjt3hhy620a85scsuq5wdskfghcg",
            "bcrt1qy84u2cphaaycwfcchnr7hmap582uxyh5z47hlz2nq6vded0tdzvs2k5eja",
            "bcrt1q52ylern4a7v72v6gx2gqy9uegp7p94ya4skpj86jrt0t46mfca2su04p23",
            "bcrt1qxdqkca4flql7l4t6fh345c6uzrya6s2tmk49ddceha8mh55fkuxqpnhsv5",
            "bcrt1qdqycnh4aj5ywmu2tq8trlu907fdm8knwd00s8ql6vxv3xpd65ueqttappp",
            "bcrt1qjsp0gdfv7x0xh3meharn4ufceyw0ye0t8zah5w4m4e9e898d8zzqc6hhx0",
            "bcrt1q74ln6cslz6s2t2ffxps3jx9nue3hefjfdmz7muq34e02q7xghsqsh4dlp2",
            "bcrt1qwu6wz7fur2henghmnsz9a94p9eamwysharw8dlh7e70lnfe8ef9qj3w5mq",
            "bcrt1qqj9tkrmssn53cysql35fsrwx4z2kmk3j7ty37rndscfltuck27ws6yzskg");
    private static final Pattern BLOCK =
            Pattern.compile("\\[block] .*: (\\S+); coinbase pays (\\S+) BTC to (\\S+) \\(treasury index (\\d+)\\)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void eachAcceptedBlockPaysCoresAddressForItsOwnIndex(@TempDir Path dir) {
        int exit = run(
                "demo",
                "--miners",
                "2",
                "--block-interval",
                "1",
                "--duration",
                "10",
                "--port",
                "0",
                "--http-port",
                "0",
                "--summary-every",
                "3600",
                "--data-dir",
                dir.toString(),
                "--treasury-descriptor",
                MULTISIG);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("treasury " + MULTISIG);
        List<Integer> accepted = new ArrayList<>();
        Matcher m = BLOCK.matcher(out.toString());
        while (m.find()) {
            int index = Integer.parseInt(m.group(4));
            if (index < CORE.size()) {
                assertThat(m.group(3)).as(m.group()).isEqualTo(CORE.get(index));
            }
            if (m.group(1).equals("accepted")) {
                accepted.add(index);
            }
        }
        assertThat(accepted).as(out.toString()).hasSizeGreaterThanOrEqualTo(2).startsWith(0);
        Set<Integer> distinct = new HashSet<>(accepted);
        assertThat(distinct).as("no index paid by two accepted blocks").hasSameSizeAs(accepted);
    }

    @Test
    void aBadDescriptorIsNamedWithItsOption(@TempDir Path dir) {
        assertThat(run(
                        "demo",
                        "--data-dir",
                        dir.toString(),
                        "--treasury-descriptor",
                        MULTISIG.replace("#vzcua83r", "#dzcua83r")))
                .isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString())
                .contains("--treasury-descriptor: Provided checksum 'dzcua83r' does not match computed checksum"
                        + " 'vzcua83r'");
    }
}
