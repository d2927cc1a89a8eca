package dev.streamlake.tools.ship;

/**
 * One {@code dataProcessingOptions} step, applied to a record (its trailing newline included) in
 * the order listed, as the agent's {@code AgentDataConverterChain} does.
 */
interface RecordConverter {
    /**
     * The converted record, or null when the step drops it on purpose (LOGTOJSON on a line that
     * does not match the format: the agent skips those).
     *
     * @throws ConversionException the step could not convert it; the shipper then sends the raw
     *     record, as the agent does ("falling back to raw data"), and counts it
     */
    byte[] convert(byte[] record) throws ConversionException;

    /** A step that could not convert a record. */
    final class ConversionException extends Exception {
        ConversionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
