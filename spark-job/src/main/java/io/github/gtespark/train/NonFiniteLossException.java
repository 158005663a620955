package io.github.gtespark.train;

/**
 * A training step produced a NaN or infinite loss (or gradient norm): the stage stops; nothing of the failed
 * round is checkpointed, so the last good checkpoint stays the newest.
 */
public class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
