package org.sovereignpool.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code loadtest ...} as the launcher would, capturing what it prints. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LoadtestCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** {@code loadtest shares --port PORT ARGS --json}: its report, or an assertion error with what it printed. */
    static JsonNode shares(int port, String... args) {
        List<String> all = new ArrayList<>(List.of("shares", "--port", Integer.toString(port)));
        all.addAll(List.of(args));
        all.add("--json");
        return run(all.toArray(String[]::new)).json();
    }

    JsonNode json() {
        if (exitCode != 0) {
            throw new AssertionError("loadtest exited " + exitCode + ": " + err);
        }
        try {
            return new ObjectMapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }
}
