package org.sovereignpool.app;

import org.sovereignpool.ledger.StatementCommand;
import org.sovereignpool.ledger.VerifyLedgerCommand;
import org.sovereignpool.loadtest.LoadtestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar; each subcommand is one thing an operator does. */
@Command(
        name = "sovereign-pool",
        mixinStandardHelpOptions = true,
        version = "Sovereign Pool 0.1.0",
        description = "Bitcoin mining pool coordinator for a national mining programme.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            CheckConfigCommand.class,
            VerifyLedgerCommand.class,
            StatementCommand.class,
            LoadtestCommand.class,
            RegtestNodeCommand.class,
            ConsoleCommand.class,
            org.sovereignpool.energy.EnergyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
