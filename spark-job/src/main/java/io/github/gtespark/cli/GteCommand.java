package io.github.gtespark.cli;

import io.github.gtespark.device.NativeVariantSelection;
import io.github.gtespark.eval.MalformedDataException;
import io.github.gtespark.eval.NotAFileException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code gte} command line tool (main class of the shaded jar): embeds texts and evaluates models locally.
 * Subcommands: {@code embed}, {@code eval-sts}, {@code eval-retrieval}, {@code eval}, {@code export}, {@code merge}, {@code convert-pubmedqa},
 * {@code compare-models}; each has {@code --help}. Results go to stdout, progress and errors to stderr. Exit codes:
 * 0 success, 2 bad input (usage error, missing file, malformed line, unknown model; one-line message), 1 unexpected
 * failure.
 */
public final class GteCommand {

    /** Exit code for a command line or input the tool cannot act on. */
    public static final int EXIT_BAD_INPUT = 2;

    /** Exit code for an unexpected internal failure. */
    public static final int EXIT_FAILURE = 1;

    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();

    /** The tool with its production model loading ({@link io.github.gtespark.encoders.EncoderSource}). */
    public GteCommand() {
        this(new TextEmbedderEncoders());
    }

    public GteCommand(EncoderLoader encoders) {
        for (Subcommand s : List.of(
                new EmbedCommand(encoders),
                new EvalStsCommand(encoders),
                new EvalRetrievalCommand(encoders),
                new EvalCommand(encoders),
                new ExportCommand(),
                new MergeCommand(),
                new ConvertPubMedQaCommand(),
                new CompareModelsCommand())) {
            subcommands.put(s.name(), s);
        }
    }

    /**
     * Runs the tool and exits with its code. Only the tool's results reach stdout: whatever libraries print on
     * {@code System.out} while loading or running a model goes to stderr.
     */
    public static void main(String[] args) {
        NativeVariantSelection.selectForThisJvm();
        PrintStream stdout = System.out;
        System.setOut(System.err);
        int code = new GteCommand().run(args, stdout, System.err);
        stdout.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the process exit code. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(overview());
            return EXIT_BAD_INPUT;
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(overview());
            return 0;
        }
        Subcommand command = subcommands.get(args[0]);
        if (command == null) {
            err.println("gte: unknown command '" + args[0] + "' (commands: " + String.join(", ", subcommands.keySet())
                    + "; see gte --help)");
            return EXIT_BAD_INPUT;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.help());
            return 0;
        }
        try {
            command.run(rest, out, err);
            return 0;
        } catch (UsageException e) {
            err.println("gte: " + e.getMessage() + " (see gte " + command.name() + " --help)");
        } catch (MalformedDataException e) {
            err.println("gte: malformed input: " + e.getMessage());
        } catch (NotAFileException e) {
            err.println("gte: not a file: " + e.location() + " is a directory");
        } catch (NoSuchFileException e) {
            err.println("gte: no such file: " + e.getFile());
        } catch (FileNotFoundException e) {
            err.println("gte: no such file: " + e.getMessage());
        } catch (AccessDeniedException e) {
            err.println("gte: permission denied: " + e.getFile());
        } catch (Exception e) {
            err.println("gte: " + command.name() + " failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILURE;
        }
        return EXIT_BAD_INPUT;
    }

    private String overview() {
        StringBuilder s = new StringBuilder("usage: gte COMMAND [OPTIONS]   (gte COMMAND --help for details)\n\n");
        for (Subcommand c : subcommands.values()) {
            s.append(String.format("  %-18s %s%n", c.name(), c.summary()));
        }
        s.append("\nModels: all-minilm-l6-v2, e5-small-v2, bge-small-en-v15, or a model directory / Hadoop FS URI.\n");
        s.append("Exit codes: 0 success, 2 bad input (usage, missing file, malformed line, unknown model), "
                + "1 failure.\n");
        return s.toString();
    }
}
