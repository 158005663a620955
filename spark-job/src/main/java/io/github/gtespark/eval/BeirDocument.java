package io.github.gtespark.eval;

/** A corpus document of a BEIR-layout retrieval set. */
public record BeirDocument(String id, String title, String text) {

    /**
     * The text that is embedded: {@code title + " " + text}, or just the text when the title is empty, with
     * surrounding white space removed (the BEIR / sentence-transformers convention).
     */
    public String embeddingText() {
        return title.isBlank() ? text.strip() : (title + " " + text).strip();
    }
}
