package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Corpus;
import dev.streamlake.e2e.support.Corpus.Entry;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.KplAggregate;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.Validated;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every corpus record, through the unpacker and the validator the job uses, gets exactly its
 * expected outcome.
 */
class BadInputCorpusTest {

    @Test
    void theCorpusIsLargeAndCoversEveryOutcome() {
        List<Entry> corpus = Corpus.load(System.currentTimeMillis());
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
        assertThat(corpus).extracting(Entry::name).doesNotHaveDuplicates();
        assertThat(corpus)
                .extracting(Entry::expect)
                .contains(
                        "EVENTS",
                        "MALFORMED_JSON",
                        "NOT_AN_OBJECT",
                        "INVALID_UTF8",
                        "LIMIT_EXCEEDED",
                        "OVERSIZED",
                        "MISSING_FIELD",
                        "WRONG_TYPE",
                        "INVALID_EVENT_TIME",
                        "EVENT_TIME_OUT_OF_RANGE",
                        "INVALID_UNICODE",
                        "MALFORMED_AGGREGATE");
    }

    @Test
    void everyRecordGetsItsExpectedOutcome() {
        long now = System.currentTimeMillis();
        JobConfig cfg = Corpus.config(Map.of());
        RecordValidator validator = new RecordValidator(cfg.schema(), cfg.validationRules());
        Map<String, String> actual = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        for (Entry e : Corpus.load(now)) {
            expected.put(e.name(), e.expect());
            KplAggregate.Unpacked unpacked = KplAggregate.unpack(e.payload());
            assertThat(unpacked.records())
                    .as("%s: the corpus holds one record per entry, no valid aggregate", e.name())
                    .isEmpty();
            if (unpacked.isMalformed()) {
                actual.put(e.name(), ErrorType.MALFORMED_AGGREGATE.name());
                continue;
            }
            Validated v =
                    validator.validate(
                            new RawRecord(e.payload(), "corpus", "shard", "1", e.name(), now));
            actual.put(e.name(), v.isOk() ? Corpus.EVENTS : v.errorType().name());
            if (!v.isOk()) assertThat(v.message()).as(e.name()).isNotBlank();
        }
        assertThat(actual).isEqualTo(expected);
    }
}
