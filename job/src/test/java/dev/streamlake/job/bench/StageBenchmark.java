package dev.streamlake.job.bench;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the per-record cost of each stage for BENCHMARKS.md, run on demand:
 *
 * <pre>
 * mvn -o -q -pl job -am test -Dtest=StageBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true
 *     [-Dbenchmark.records=300000] [-Dbenchmark.rounds=12]
 * </pre>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class StageBenchmark {
    @Test
    void run() throws Exception {
        int n = Integer.getInteger("benchmark.records", 300_000);
        int rounds = Integer.getInteger("benchmark.rounds", 12);
        StageCosts costs = StageCosts.measure(n, rounds);
        System.out.printf(
                Locale.ROOT,
                "records=%d, best of %d rounds, per record:%n| stage | CPU | |%n|---|---|---|%n%s%n",
                n,
                rounds,
                costs);
    }
}
