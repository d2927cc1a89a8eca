package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.returntypes.DiVector;
import java.math.BigDecimal;
import java.util.List;

/**
 * KDA SQL's {@code ANOMALY_EXPLANATION} JSON: {@code
 * {"temperature":{"DIRECTION":"HIGH","STRENGTH":"0.85","ATTRIBUTION_SCORE":"1.74"},...}}.
 *
 * <ul>
 *   <li>ATTRIBUTION_SCORE: the column's share of the anomaly score (the library's high plus low
 *       attribution, summed over shingle positions). The library's attribution total agrees with
 *       its score only to about 1e-8, so the shares are scaled to sum to the score exactly.
 *   <li>DIRECTION: HIGH when the value's "too high" attribution is at least its "too low" one;
 *       absent when the column contributes nothing (every column during warm-up, when the score is
 *       0): there is no direction to give.
 *   <li>STRENGTH: how one-sided that is, |high − low| / (high + low), from 0 to 1 (0 when the
 *       column contributes nothing). KDA never published its formula; this is ours.
 * </ul>
 *
 * Every feature column appears, in feature order, so queries can rely on the keys. Numbers are
 * plain decimals as KDA wrote them ({@code "0.0001"}, never {@code "1.0E-4"}), each the shortest
 * text that reads back as the same double. A value the forest's arithmetic made NaN or infinite
 * (features near ±Double.MAX_VALUE) is JSON {@code null}, never the text "NaN".
 */
public final class Explanation {
    /** How a non-finite value appears in the JSON; no other value in it is null. */
    static final String NON_FINITE = ":null";

    private Explanation() {}

    /**
     * @param attribution over {@code features.size() * shingleSize} dimensions, oldest first
     */
    public static String toJson(List<String> features, DiVector attribution, double score) {
        int n = features.size();
        double[] high = new double[n];
        double[] low = new double[n];
        for (int d = 0; d < attribution.getDimensions(); d++) {
            high[d % n] += attribution.high[d];
            low[d % n] += attribution.low[d];
        }
        double total = 0;
        for (int i = 0; i < n; i++) total += high[i] + low[i];
        double scale = total > 0 ? score / total : 0;
        StringBuilder json = new StringBuilder(64 * n);
        json.append('{');
        for (int i = 0; i < n; i++) {
            double h = high[i];
            double l = low[i];
            double sum = h + l;
            if (i > 0) json.append(',');
            appendName(json, features.get(i));
            json.append(":{");
            if (sum > 0)
                json.append("\"DIRECTION\":\"").append(h >= l ? "HIGH" : "LOW").append("\",");
            json.append("\"STRENGTH\":");
            appendNumberText(json, sum > 0 ? Math.abs(h - l) / sum : 0.0);
            json.append(",\"ATTRIBUTION_SCORE\":");
            appendNumberText(json, sum * scale);
            json.append('}');
        }
        return json.append('}').toString();
    }

    /** KDA writes numbers as JSON strings of plain decimals; a non-finite one as null. */
    static void appendNumberText(StringBuilder json, double v) {
        if (Double.isFinite(v)) json.append('"').append(plain(v)).append('"');
        else json.append("null");
    }

    /** Double.toString's shortest round-trip digits, without exponent: 1.0E-4 is 0.0001. */
    static String plain(double v) {
        if (v == 0) return "0";
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    // Column names are [a-z_][a-z0-9_]* in schemas; SQL callers may pass anything, so escape.
    static void appendName(StringBuilder json, String name) {
        json.append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') json.append('\\').append(c);
            else if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
            else json.append(c);
        }
        json.append('"');
    }
}
