package io.github.gtespark.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options and {@code --flag} switches of one subcommand, parsed against the names the
 * subcommand accepts; anything else is a {@link UsageException}. {@code --name=value} is accepted too.
 */
public final class CommandLineOptions {

    private final String command;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Map<String, List<String>> lists = new HashMap<>();

    private CommandLineOptions(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args} of subcommand {@code command}; {@code valueOptions} and {@code flagOptions} are the
     * accepted names without the leading dashes.
     */
    public static CommandLineOptions parse(
            String command, List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        return parse(command, args, valueOptions, flagOptions, Set.of());
    }

    /**
     * As {@link #parse(String, List, Set, Set)}, plus {@code listOptions}: options that take one or more values
     * (every argument up to the next {@code --option}); repeating such an option appends to its list.
     */
    public static CommandLineOptions parse(
            String command,
            List<String> args,
            Set<String> valueOptions,
            Set<String> flagOptions,
            Set<String> listOptions) {
        CommandLineOptions options = new CommandLineOptions(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (listOptions.contains(name)) {
                List<String> list = options.lists.computeIfAbsent(name, k -> new java.util.ArrayList<>());
                if (inlineValue != null) {
                    list.add(inlineValue);
                }
                while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    list.add(args.get(++i));
                }
                if (list.isEmpty()) {
                    throw new UsageException(command + ": option --" + name + " needs at least one value");
                }
            } else if (flagOptions.contains(name) && inlineValue == null) {
                options.flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException(command + ": option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (options.values.put(name, value) != null) {
                    throw new UsageException(command + ": option --" + name + " given twice");
                }
            } else {
                throw new UsageException(command + ": unknown option '" + arg + "'");
            }
        }
        return options;
    }

    /** The values of list option {@code name} (empty when absent). */
    public List<String> list(String name) {
        return lists.getOrDefault(name, List.of());
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(command + ": missing required option --" + name);
        }
        return value;
    }

    public String optional(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** An integer option of at least {@code min}, or {@code defaultValue} when absent. */
    public int integer(String name, int defaultValue, int min) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + value + "'");
        }
        if (parsed < min) {
            throw new UsageException(command + ": --" + name + " must be at least " + min + ", got " + parsed);
        }
        return parsed;
    }
}
