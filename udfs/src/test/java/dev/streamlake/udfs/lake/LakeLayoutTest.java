package dev.streamlake.udfs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

    @Test
    void partitionIsTheUtcHour() {
        assertThat(LakeLayout.partitionOf(Instant.parse("2026-11-27T09:59:59.999Z").toEpochMilli()))
                .isEqualTo("dt=2026-11-27-09");
        assertThat(LakeLayout.partitionOf(Instant.parse("2026-11-27T10:00:00Z").toEpochMilli()))
                .isEqualTo("dt=2026-11-27-10");
    }

    @Test
    void partitionMatchesTheDeclaredTemplateAndFormat() {
        Instant t = Instant.parse("2026-03-04T05:06:07Z");
        String dt =
                DateTimeFormatter.ofPattern(LakeLayout.DT_FORMAT)
                        .withZone(ZoneOffset.UTC)
                        .format(t);

        assertThat(LakeLayout.partitionOf(t.toEpochMilli()))
                .isEqualTo(LakeLayout.TEMPLATE.replace("${dt}", dt));
    }

    @Test
    void partFilesAreVisibleToAthenaAndReadAsGzip() {
        assertThat(LakeLayout.PART_PREFIX).doesNotStartWith("_").doesNotStartWith(".");
        assertThat(LakeLayout.JSON_GZIP_SUFFIX).endsWith(".gz").isLowerCase();
    }
}
