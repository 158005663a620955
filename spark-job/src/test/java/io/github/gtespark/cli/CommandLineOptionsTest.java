package io.github.gtespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineOptionsTest {

    private static CommandLineOptions parse(String... args) {
        return CommandLineOptions.parse("embed", List.of(args), Set.of("model", "batch-size"), Set.of("query"));
    }

    @Test
    void valuesFlagsAndDefaults() {
        CommandLineOptions o = parse("--model", "m", "--query", "--batch-size=8");
        assertEquals("m", o.required("model"));
        assertTrue(o.flag("query"));
        assertEquals(8, o.integer("batch-size", 32, 1));
        CommandLineOptions d = parse("--model", "m");
        assertFalse(d.flag("query"));
        assertEquals(32, d.integer("batch-size", 32, 1));
        assertEquals("x", d.optional("absent", "x"));
    }

    @Test
    void malformedCommandLinesAreUsageErrors() {
        assertEquals(
                "embed: option --model needs a value",
                assertThrows(UsageException.class, () -> parse("--model")).getMessage());
        assertEquals(
                "embed: option --model needs a value",
                assertThrows(UsageException.class, () -> parse("--model", "--query"))
                        .getMessage());
        assertEquals(
                "embed: option --model given twice",
                assertThrows(UsageException.class, () -> parse("--model", "a", "--model", "b"))
                        .getMessage());
        assertEquals(
                "embed: unexpected argument 'file.txt'",
                assertThrows(UsageException.class, () -> parse("file.txt")).getMessage());
        assertEquals(
                "embed: unknown option '--query=yes'",
                assertThrows(UsageException.class, () -> parse("--query=yes")).getMessage());
        assertEquals(
                "embed: missing required option --model",
                assertThrows(UsageException.class, () -> parse().required("model"))
                        .getMessage());
        assertEquals(
                "embed: --batch-size must be at least 1, got 0",
                assertThrows(
                                UsageException.class,
                                () -> parse("--batch-size", "0").integer("batch-size", 32, 1))
                        .getMessage());
    }
}
