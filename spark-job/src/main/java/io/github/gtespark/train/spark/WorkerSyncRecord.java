package io.github.gtespark.train.spark;

import java.io.Serializable;

/**
 * What one worker task reports about its part of an averaging round's synchronisation (sent to the driver through a
 * Spark accumulator).
 *
 * @param workerSlot    the worker slot (partition)
 * @param graphReused   true if the task leased a pooled graph and assigned the broadcast to it, false if it built one
 * @param broadcastReadNanos the part of {@code prepareNanos} spent getting the broadcast value: in the first task of
 *                      an executor that is fetching its pieces and deserialising them, later tasks of the executor
 *                      find it cached
 * @param prepareNanos  reading the broadcast value and building or assigning the worker graph
 * @param resultNanos   building the task result (it refers to the graph's arrays, no copy)
 */
public record WorkerSyncRecord(
        int workerSlot, boolean graphReused, long broadcastReadNanos, long prepareNanos, long resultNanos)
        implements Serializable {}
