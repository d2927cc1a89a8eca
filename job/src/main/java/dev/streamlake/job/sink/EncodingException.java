package dev.streamlake.job.sink;

/**
 * A record its lake table cannot hold unchanged; the message says which column and why. Cheap: no
 * stack trace, since it is an outcome for a record, not a bug.
 */
public final class EncodingException extends Exception {
    private static final long serialVersionUID = 1L;

    EncodingException(String message) {
        super(message, null, false, false);
    }

    static EncodingException column(String column, String reason) {
        return new EncodingException("column " + column + ": " + reason);
    }
}
