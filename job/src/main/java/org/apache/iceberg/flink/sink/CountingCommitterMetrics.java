package org.apache.iceberg.flink.sink;

import org.apache.flink.metrics.MetricGroup;

/**
 * Iceberg's committer metrics, also telling {@link MappingIcebergSink.Committed} what each commit
 * added. Iceberg's committer calls {@link #updateCommitSummary} once per commit, after the snapshot
 * was committed (not for checkpoints it finds already committed after a restore), with the data
 * files it added.
 */
final class CountingCommitterMetrics extends IcebergFilesCommitterMetrics {
    private final MappingIcebergSink.Committed committed;

    CountingCommitterMetrics(
            MetricGroup metrics, String fullTableName, MappingIcebergSink.Committed committed) {
        super(metrics, fullTableName);
        this.committed = committed;
    }

    @Override
    void updateCommitSummary(CommitSummary stats) {
        super.updateCommitSummary(stats);
        committed.add(stats.dataFilesCount(), stats.dataFilesByteCount());
    }
}
