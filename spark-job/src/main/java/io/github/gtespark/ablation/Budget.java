package io.github.gtespark.ablation;

/**
 * The equal budget of every cell: a number of training pairs per stage, turned into {@code train.steps}. One global
 * step trains one batch of {@code batch} pairs on each of {@code workers} workers, so a stage sees
 * {@code steps * batch * workers} pairs; steps are the budget divided by that, rounded down.
 */
public final class Budget {

    private Budget() {}

    /** Pairs one global step trains. */
    public static long pairsPerStep(int batch, int workers) {
        if (batch < 1 || workers < 1) {
            throw new AblationException(
                    "batch size and workers must be >= 1, got batch " + batch + ", workers " + workers);
        }
        return (long) batch * workers;
    }

    /**
     * @param what names the budget in the error, e.g. {@code budget.pretrain-pairs}
     * @throws AblationException when the budget is below one step
     */
    public static long steps(long pairs, int batch, int workers, String what) {
        long perStep = pairsPerStep(batch, workers);
        if (pairs < perStep) {
            throw new AblationException(what + " = " + pairs + " is below one step (batch " + batch + " x " + workers
                    + " workers = " + perStep + " pairs per step)");
        }
        return pairs / perStep;
    }

    /** Pairs actually seen in {@code steps} steps. */
    public static long pairsSeen(long steps, int batch, int workers) {
        return steps * pairsPerStep(batch, workers);
    }

    /** Warm-up steps for a fraction of the steps: at least 1 when the fraction is positive, always below steps. */
    public static long warmupSteps(long steps, double fraction) {
        if (fraction <= 0) {
            return 0;
        }
        long w = Math.max(1, Math.round(steps * fraction));
        return Math.min(w, Math.max(0, steps - 1));
    }
}
