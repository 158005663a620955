package io.github.gtespark.ablation;

/** A bad grid, argument or input: reported as one line, before any Spark work starts (exit code 2). */
public final class AblationException extends RuntimeException {
    public AblationException(String message) {
        super(message);
    }
}
