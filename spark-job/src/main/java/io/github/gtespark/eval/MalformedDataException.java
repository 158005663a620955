package io.github.gtespark.eval;

/**
 * A line of an evaluation data file that cannot be read. The message names the file and the 1-based line
 * number ({@code file:line: reason}) so that a user can open the file at the offending line.
 */
public final class MalformedDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long lineNumber;

    public MalformedDataException(String source, long lineNumber, String reason) {
        super(source + ":" + lineNumber + ": " + reason);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    /** The file (or other source name) the line came from. */
    public String source() {
        return source;
    }

    /** The 1-based line number of the malformed line. */
    public long lineNumber() {
        return lineNumber;
    }
}
