package dev.streamlake.udfs;

/**
 * Checks that give the reason only (so that each caller can say where a value came from: a SQL
 * argument, a configuration key), named where the caller knows the parameter's name.
 */
public final class Parameters {
    private Parameters() {}

    /**
     * Runs {@code check}; an {@code IllegalArgumentException} from it comes back prefixed with the
     * parameter's name ({@code quantile: expected ...}).
     */
    public static void named(String parameter, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(parameter + ": " + e.getMessage(), e);
        }
    }
}
