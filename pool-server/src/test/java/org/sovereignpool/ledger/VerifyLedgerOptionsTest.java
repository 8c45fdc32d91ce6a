package org.sovereignpool.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** verify-ledger's options: each bad one or bad combination is refused (exit 2) with its name, before any database. */
class VerifyLedgerOptionsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--rpc-user a                                  | go with --node",
                "--node http://127.0.0.1:8332                  | no credentials for the node",
                "--node                                        | no configuration was given",
                "--node http://h:1 --rpc-user a --treasury x    | --treasury needs --network NAME",
                "--node http://h:1 --rpc-user a --treasury x --network mars | --network must be one of",
                "--node http://h:1 --rpc-user a --treasury tb1qxyz --network regtest | --treasury: ",
                "--node http://h:1 --rpc-user a                 | --node needs the treasury: give --treasury ADDRESS|DESCRIPTOR",
                // Core's wrong-checksum vector (recorded-2026-11-29/desc-01-wpkh-getdescriptorinfo-wrong-checksum.json)
                "--node http://h:1 --rpc-user a --network regtest --treasury wpkh(tpubD6NzVbkrYhZ4WmDXgFvyU7X9pihFaXnt2QsGiSe9wQq2nycUBJhFASAYroBMh2jx6m4o2ZQENrYPzCwngX6y6u8nuW1m5u429JGEctg3Mcb/0/*)#esc66gvs | --treasury: Provided checksum 'esc66gvs' does not match computed checksum 'csc66gvs'",
                "--node ftp://h:1 --rpc-user a                  | --node: rpcUrl must be an http(s) URL",
                "--node http://h:1 --rpc-user a --rpc-cookie-file c | not both",
                "--node http://h:1 --rpc-password p             | --rpc-password needs --rpc-user",
                "--scheme fpps                                  | --scheme must be pplns or pps",
                "--window-factor 0                              | --window-factor must be > 0"
            })
    void badOptionsAreRefusedWithTheirName(String options, String message) {
        List<String> args = new ArrayList<>(List.of("--jdbc-url", "jdbc:h2:mem:never-opened"));
        args.addAll(List.of(options.trim().split("\\s+")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyLedgerCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(VerifyLedgerCommand.USAGE);
        assertThat(err.toString()).contains(message);
        assertThat(out.toString()).isEmpty();
    }
}
