package dev.streamlake.udfs.validate;

import dev.streamlake.udfs.record.ErrorType;

/** A value that does not fit its column; cheap because it carries no stack trace. */
final class FieldProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final ErrorType type;

    FieldProblem(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }
}
