package io.github.gtespark.cli;

/** A command line the tool cannot act on (unknown option, missing value, unknown model): exit code 2, one line. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
