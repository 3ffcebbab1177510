package org.concoord.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import org.concoord.runtime.storage.StorageProbe;

/** The storage threads' reports as etcd-style disk metrics. Thread-safe. */
final class StorageMetrics implements StorageProbe {
  /** fsync bounds in seconds, etcd's: 1 ms to about 8 s, doubling. */
  private static final double[] FSYNC_BOUNDS = {
    0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192
  };

  private static final double[] WRITES_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
  private static final double[] SNAPSHOT_SECONDS_BOUNDS = {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60};

  private final Histogram fsync;
  private final Histogram commit;
  private final Histogram writesPerCommit;
  private final Counter compactions;
  private final Histogram snapshotDuration;
  private final Histogram snapshotBytes;

  StorageMetrics(Labels constLabels, PrometheusRegistry registry) {
    fsync =
        NodeMetrics.histogram(
            constLabels,
            registry,
            "concoord_disk_wal_fsync_duration_seconds",
            "Duration of the write-ahead log's fsync per group commit.",
            null,
            FSYNC_BOUNDS);
    commit =
        NodeMetrics.histogram(
            constLabels,
            registry,
            "concoord_disk_wal_group_commit_duration_seconds",
            "Duration of a group commit: encode, write and fsync.",
            null,
            FSYNC_BOUNDS);
    writesPerCommit =
        NodeMetrics.histogram(
            constLabels,
            registry,
            "concoord_disk_wal_writes_per_commit",
            "Durable writes covered by one group commit.",
            null,
            WRITES_BOUNDS);
    compactions =
        NodeMetrics.counter(
            constLabels,
            registry,
            "concoord_disk_wal_compactions_total",
            "Group commits that rewrote the log instead.");
    snapshotDuration =
        NodeMetrics.histogram(
            constLabels,
            registry,
            "concoord_snapshot_save_duration_seconds",
            "Time to encode, write, sync and rename a replica snapshot.",
            null,
            SNAPSHOT_SECONDS_BOUNDS);
    snapshotBytes =
        NodeMetrics.histogram(
            constLabels,
            registry,
            "concoord_snapshot_size_bytes",
            "Size of the replica snapshots written.",
            null,
            new double[] {1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9});
  }

  @Override
  public void groupCommitted(int writes, long nanos, long forceNanos) {
    commit.observe(nanos / 1e9);
    writesPerCommit.observe(writes);
    if (forceNanos >= 0) {
      fsync.observe(forceNanos / 1e9);
    } else {
      compactions.inc();
    }
  }

  @Override
  public void snapshotSaved(long bytes, long nanos) {
    snapshotDuration.observe(nanos / 1e9);
    snapshotBytes.observe(bytes);
  }
}
