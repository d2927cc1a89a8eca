package dev.streamlake.udfs.transform;

import dev.streamlake.udfs.schema.ColumnType;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.schema.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;

/**
 * Drops records that match a simple condition, such as Firehose users did in their Lambda for test
 * traffic. The condition is one or more comparisons joined by {@code or}:
 *
 * <pre>
 *   status == 'TEST'
 *   battery &lt; 0 or temperature &gt;= 1000
 *   firmware is null
 * </pre>
 *
 * Operators: {@code == != < <= > >=}, {@code is null}, {@code is not null}. Literals are 'quoted
 * strings' (also for timestamps, in ISO-8601), numbers and true/false, and must fit the column's
 * type. A comparison with a null value is false, as in SQL.
 */
public final class DropIf implements RecordTransform {
    private static final long serialVersionUID = 1L;
    private static final Pattern COMPARISON =
            Pattern.compile("\\s*([a-z_][a-z0-9_]*)\\s*(==|!=|<=|>=|<|>)\\s*(.+?)\\s*");
    private static final Pattern OR = Pattern.compile("\\s+or\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern NULL_TEST =
            Pattern.compile(
                    "\\s*([a-z_][a-z0-9_]*)\\s+is\\s+(not\\s+)?null\\s*", Pattern.CASE_INSENSITIVE);

    private final String text;
    private final List<Comparison> anyOf;

    public DropIf(TableSchema schema, String condition) {
        this.text = condition;
        this.anyOf = new ArrayList<>();
        for (String part : splitOnOr(condition)) {
            anyOf.add(Comparison.parse(schema, part));
        }
    }

    /**
     * The comparisons of {@code a or b or c}; an " or " inside a quoted literal is literal text.
     */
    static List<String> splitOnOr(String condition) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < condition.length(); i++) {
            char c = condition.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(c)) {
                Matcher or = OR.matcher(condition).region(i, condition.length());
                if (or.lookingAt()) {
                    parts.add(condition.substring(start, i));
                    start = or.end();
                    i = start - 1;
                }
            }
        }
        parts.add(condition.substring(start));
        return parts;
    }

    @Override
    public TransformResult apply(Row row) {
        for (Comparison c : anyOf) {
            if (c.matches(row)) return TransformResult.dropped();
        }
        return TransformResult.ok(row);
    }

    @Override
    public String toString() {
        return "drop if " + text;
    }

    private static final class Comparison implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final int column;
        final Op op;
        final Object literal;

        Comparison(int column, Op op, Object literal) {
            this.column = column;
            this.op = op;
            this.literal = literal;
        }

        static Comparison parse(TableSchema schema, String text) {
            Matcher nullTest = NULL_TEST.matcher(text);
            if (nullTest.matches()) {
                int c = column(schema, nullTest.group(1));
                return new Comparison(
                        c, nullTest.group(2) == null ? Op.IS_NULL : Op.IS_NOT_NULL, null);
            }
            Matcher m = COMPARISON.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "cannot read '"
                                + text.trim()
                                + "'; expected <column> <op> <literal> or <column> is [not] null");
            }
            int c = column(schema, m.group(1));
            ColumnType type = schema.column(c).type();
            return new Comparison(c, Op.of(m.group(2)), literal(type, m.group(3), m.group(1)));
        }

        private static int column(TableSchema schema, String name) {
            int c = schema.indexOf(name);
            if (c < 0) throw new IllegalArgumentException("no column named '" + name + "'");
            return c;
        }

        private static Object literal(ColumnType type, String raw, String column) {
            boolean quoted = raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'");
            String s = quoted ? raw.substring(1, raw.length() - 1) : raw;
            try {
                switch (type) {
                    case STRING:
                    case JSON:
                        if (quoted) return s;
                        break;
                    case BIGINT:
                        if (!quoted) return Long.parseLong(s);
                        break;
                    case INT:
                        if (!quoted) return Integer.parseInt(s);
                        break;
                    case DOUBLE:
                        if (!quoted) return Double.parseDouble(s);
                        break;
                    case BOOLEAN:
                        if (s.equals("true") || s.equals("false")) return Boolean.valueOf(s);
                        break;
                    case TIMESTAMP:
                        long t = Timestamps.parseIso(s);
                        if (quoted && t != Timestamps.INVALID) return t;
                        break;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(
                    raw
                            + " is not a "
                            + type.name().toLowerCase()
                            + " literal for column '"
                            + column
                            + "'");
        }

        @SuppressWarnings("unchecked")
        boolean matches(Row row) {
            Object v = row.getField(column);
            if (op == Op.IS_NULL) return v == null;
            if (op == Op.IS_NOT_NULL) return v != null;
            if (v == null) return false; // a comparison with null is false, as in SQL
            // Values and literals of a column share one class, fixed by its type.
            return op.holdsFor(((Comparable<Object>) v).compareTo(literal));
        }
    }

    private enum Op {
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        IS_NULL,
        IS_NOT_NULL;

        static Op of(String symbol) {
            switch (symbol) {
                case "==":
                    return EQ;
                case "!=":
                    return NE;
                case "<":
                    return LT;
                case "<=":
                    return LE;
                case ">":
                    return GT;
                case ">=":
                    return GE;
                default:
                    throw new IllegalArgumentException("no operator " + symbol);
            }
        }

        /** Whether a value that compares to the literal as {@code cmp} satisfies this operator. */
        boolean holdsFor(int cmp) {
            switch (this) {
                case EQ:
                    return cmp == 0;
                case NE:
                    return cmp != 0;
                case LT:
                    return cmp < 0;
                case LE:
                    return cmp <= 0;
                case GT:
                    return cmp > 0;
                default:
                    return cmp >= 0;
            }
        }
    }
}
