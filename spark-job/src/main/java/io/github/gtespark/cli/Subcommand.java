package io.github.gtespark.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@link GteCommand}. */
interface Subcommand {

    /** The name typed on the command line, e.g. {@code eval-sts}. */
    String name();

    /** One line for the overview of {@code gte --help}. */
    String summary();

    /** The full help text of {@code gte <name> --help}. */
    String help();

    /** Runs with the arguments after the subcommand name; results go to {@code out}, progress to {@code err}. */
    void run(List<String> args, PrintStream out, PrintStream err) throws IOException;
}
