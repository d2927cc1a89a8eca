package dev.streamlake.udfs.anomaly;

import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import java.util.List;

/**
 * What {@code ThresholdedRandomCutForest} says about one point, as lake columns: its anomaly grade,
 * the values it expected instead, and where the anomaly began. KDA SQL had none of these (only
 * ANOMALY_SCORE and ANOMALY_EXPLANATION); they are the outputs of the library's thresholded forest,
 * which OpenSearch anomaly detection shows under the same names.
 *
 * <ul>
 *   <li>{@link #grade()}: 0 when the point is not anomalous, else in (0, 1], how clearly the score
 *       is over the forest's own adaptive threshold; 0 during warm-up.
 *   <li>{@link #expectedJson()}: only with a grade above 0: per feature, the value the forest found
 *       plausible for the anomalous point, KDA-style JSON of plain decimals ({@code
 *       {"temperature":"21.4"}}); null otherwise.
 *   <li>{@link #relativeIndex()}: only with a grade above 0: 0 when the anomaly is this point, −k
 *       when it began k points earlier (possible with a shingle); null otherwise.
 * </ul>
 */
public final class TrcfOutputs {
    /** A point not scored (a feature missing or out of range): every column null. */
    public static final TrcfOutputs NONE = new TrcfOutputs(null, null, null);

    private final Double grade;
    private final String expectedJson;
    private final Integer relativeIndex;

    private TrcfOutputs(Double grade, String expectedJson, Integer relativeIndex) {
        this.grade = grade;
        this.expectedJson = expectedJson;
        this.relativeIndex = relativeIndex;
    }

    /** The columns of a descriptor of the library's {@code process(point, timestamp)}. */
    public static TrcfOutputs of(AnomalyDescriptor d, List<String> features) {
        double grade = d.getAnomalyGrade();
        if (!(grade > 0)) return new TrcfOutputs(Double.isFinite(grade) ? 0.0 : null, null, null);
        String expected = null;
        double[][] values = d.isExpectedValuesPresent() ? d.getExpectedValuesList() : null;
        if (values != null
                && values.length > 0
                && values[0] != null
                && values[0].length == features.size()) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < features.size(); i++) {
                if (i > 0) json.append(',');
                Explanation.appendName(json, features.get(i));
                json.append(':');
                Explanation.appendNumberText(json, values[0][i]);
            }
            expected = json.append('}').toString();
        }
        return new TrcfOutputs(grade, expected, d.getRelativeIndex());
    }

    /** Null when not scored. */
    public Double grade() {
        return grade;
    }

    public String expectedJson() {
        return expectedJson;
    }

    public Integer relativeIndex() {
        return relativeIndex;
    }
}
