/**
 * The records that travel between the job's operators ({@link
 * dev.streamlake.job.record.ValidRecord}: a validated row with the raw record it came from) and
 * their Flink types: shared by the pipeline and the keyed operators it wires (scoring, hotspots),
 * so that neither depends on the other.
 */
package dev.streamlake.job.record;
