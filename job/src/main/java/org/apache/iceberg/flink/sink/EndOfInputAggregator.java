package org.apache.iceberg.flink.sink;

import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.iceberg.flink.TableLoader;

/**
 * Iceberg's commit aggregator ({@link IcebergWriteAggregator}, unchanged) except for the checkpoint
 * id of its last committable, the one for the records after the last checkpoint of a bounded input
 * or of {@code stop --drain}.
 *
 * <p>Iceberg 1.9.2 files that committable under checkpoint {@code Long.MAX_VALUE} ({@code
 * finish()}). Flink 1.19.3's {@code CommitterOperator} never commits it: with checkpointing on, it
 * commits only the committables of checkpoints up to the one that completed, the final checkpoint
 * included (its {@code endInput()} commits only without checkpointing or in batch mode). That is
 * why Flink's own {@code SinkWriterOperator} files its end-of-input committables under {@code
 * lastKnownCheckpointId + 1}. So Iceberg's committable of the end of input stayed pending until the
 * job ended, and its rows never reached the table.
 *
 * <p>Here it is filed as Flink's writer files it: under the checkpoint after the last one this
 * operator saw (or restored from). The final checkpoint comes after {@code finish()}, so its id is
 * at least that; its completion commits the committable. Its barrier then reaches this finished
 * operator too ({@code prepareSnapshotPreBarrier}), which must emit nothing more: a second summary
 * for the same checkpoint would be refused, and the results are already out.
 */
final class EndOfInputAggregator extends IcebergWriteAggregator {
    private static final long serialVersionUID = 1L;

    private transient long lastCheckpointId;
    private transient boolean finished;

    EndOfInputAggregator(TableLoader tableLoader) {
        super(tableLoader);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        lastCheckpointId = context.getRestoredCheckpointId().orElse(0L);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws java.io.IOException {
        if (finished) return;
        lastCheckpointId = checkpointId;
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws java.io.IOException {
        super.prepareSnapshotPreBarrier(lastCheckpointId + 1);
        finished = true;
    }
}
