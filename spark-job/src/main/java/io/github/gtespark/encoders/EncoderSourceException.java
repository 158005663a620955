package io.github.gtespark.encoders;

/** A model reference that names no encoder, or an encoder that cannot be read; the message says which and why. */
public final class EncoderSourceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public EncoderSourceException(String message) {
        super(message);
    }

    public EncoderSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
