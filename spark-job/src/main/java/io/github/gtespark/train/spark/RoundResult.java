package io.github.gtespark.train.spark;

import java.util.List;

/**
 * The outcome of one averaging round on the cluster.
 *
 * @param firstStep   global step of the round's first update
 * @param steps       updates per worker in the round
 * @param records     one record per (step, worker slot), sorted by step then slot
 * @param wallNanos   driver wall time of the round (data, compute, averaging)
 * @param dataNanos   part of it spent reading and assembling the round's batches
 * @param sync        where the synchronisation time went (broadcast, worker graphs, results, averaging)
 */
public record RoundResult(
        long firstStep, int steps, List<StepRecord> records, long wallNanos, long dataNanos, SyncTimings sync) {

    /** Mean loss over all workers and steps of the round. */
    public double meanLoss() {
        return records.stream().mapToDouble(StepRecord::loss).average().orElse(Double.NaN);
    }

    /**
     * Mean loss over the round's steps on scored batches ({@code scored}) or on the others; empty when the round had
     * none of that kind. A stage with {@code train.scored-loss} trains the two kinds with different losses, whose
     * values are on different scales, so only these means show how each one moves.
     */
    public java.util.OptionalDouble meanLoss(boolean scored) {
        return records.stream()
                .filter(r -> r.scored() == scored)
                .mapToDouble(StepRecord::loss)
                .average();
    }

    /** Learning rate at the round's last step. */
    public double lastLearningRate() {
        return records.isEmpty() ? Double.NaN : records.get(records.size() - 1).learningRate();
    }

    public long pairs() {
        return records.stream().mapToLong(StepRecord::pairs).sum();
    }

    /** Slowest worker's summed step time: the compute part of the round (workers run in parallel). */
    public long computeNanos() {
        return records.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        StepRecord::workerSlot, java.util.stream.Collectors.summingLong(StepRecord::nanos)))
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0L);
    }

    /** The first record with a non-finite loss or gradient norm, if any. */
    public java.util.Optional<StepRecord> firstNonFinite() {
        return records.stream().filter(r -> !r.finite()).findFirst();
    }
}
