package io.github.gtespark.ablation;

/** One run of the grid: a variant with one seed; its directory is {@code DIR/cells/<id>}. */
public record Cell(Variant variant, long seed) {

    public String id() {
        return variant.id() + "_s" + seed;
    }
}
