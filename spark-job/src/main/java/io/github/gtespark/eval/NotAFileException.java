package io.github.gtespark.eval;

import java.io.IOException;

/** A location names a directory where a file (an input to read or an output to write) is expected. */
public final class NotAFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String location;

    public NotAFileException(String location) {
        super(location + " is a directory, not a file");
        this.location = location;
    }

    /** The location as given. */
    public String location() {
        return location;
    }
}
