package io.github.gtespark.train.checkpoint;

/** Refusal to checkpoint a model whose parameters contain NaN or infinity. */
public class NonFiniteParametersException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NonFiniteParametersException(String message) {
        super(message);
    }
}
