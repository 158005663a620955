package io.github.gtespark.train.spark;

import java.util.List;

/**
 * Where an averaging round's synchronisation time went.
 *
 * @param broadcastNanos   driver: building the {@link ModelBroadcast} and creating the Spark broadcast (serialising
 *                         parameters + updater state)
 * @param broadcastBytes   the broadcast's bytes as Spark stores and serves them (its pieces in the driver's block
 *                         store: serialised, compressed when {@code spark.broadcast.compress} is on); 0 if unknown
 * @param trainingJobNanos driver: the training job, from submission until the last task result has been received,
 *                         deserialised and summed (it contains the workers' compute)
 * @param averagingNanos   driver: dividing the sums and writing them into the driver's graph
 * @param workers          one record per worker slot (graph preparation and result building on the workers)
 */
public record SyncTimings(
        long broadcastNanos,
        long broadcastBytes,
        long trainingJobNanos,
        long averagingNanos,
        List<WorkerSyncRecord> workers) {

    public SyncTimings {
        workers = List.copyOf(workers);
    }

    /** Slowest worker's read of the broadcast value (fetching and deserialising it, in an executor's first task). */
    public long maxBroadcastReadNanos() {
        return workers.stream()
                .mapToLong(WorkerSyncRecord::broadcastReadNanos)
                .max()
                .orElse(0L);
    }

    /** Slowest worker's graph preparation. */
    public long maxPrepareNanos() {
        return workers.stream().mapToLong(WorkerSyncRecord::prepareNanos).max().orElse(0L);
    }

    /** Slowest worker's result building. */
    public long maxResultNanos() {
        return workers.stream().mapToLong(WorkerSyncRecord::resultNanos).max().orElse(0L);
    }

    /** Workers that reused a pooled graph. */
    public long reusedGraphs() {
        return workers.stream().filter(WorkerSyncRecord::graphReused).count();
    }
}
