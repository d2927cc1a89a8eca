package dev.streamlake.udfs.schema;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Arrival metadata a column can take its value from with {@code "source": "$name"}. */
public enum ArrivalField {
    ARRIVAL_TIME("$arrival_time", ColumnType.TIMESTAMP),
    STREAM("$stream", ColumnType.STRING),
    SHARD_ID("$shard_id", ColumnType.STRING),
    SEQUENCE_NUMBER("$sequence_number", ColumnType.STRING),
    PARTITION_KEY("$partition_key", ColumnType.STRING);

    private final String reference;
    private final ColumnType type;

    ArrivalField(String reference, ColumnType type) {
        this.reference = reference;
        this.type = type;
    }

    public String reference() {
        return reference;
    }

    public ColumnType type() {
        return type;
    }

    public static ArrivalField of(String reference) {
        for (ArrivalField f : values()) {
            if (f.reference.equals(reference)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "unknown metadata source '"
                        + reference
                        + "'; expected one of "
                        + Arrays.stream(values())
                                .map(ArrivalField::reference)
                                .collect(Collectors.joining(", ")));
    }
}
