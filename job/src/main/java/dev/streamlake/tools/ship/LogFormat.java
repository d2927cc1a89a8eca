package dev.streamlake.tools.ship;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The log formats of the agent's {@code LOGTOJSON} option and the field names it gives their parts
 * (awslabs/amazon-kinesis-agent {@code ProcessingUtilsFactory.LogFormat}, {@code ApacheLogParser},
 * {@code SysLogParser}, patterns in {@code PatternConstants}; the same grok-style building blocks
 * are written out again here). Apache formats turn a {@code -} field into null; syslog formats do
 * not.
 */
enum LogFormat {
    COMMONAPACHELOG(Parts.COMMON + ".*", true, Parts.COMMON_FIELDS),
    COMBINEDAPACHELOG(
            Parts.COMMON + " \"([^\"]+)\" \"([^\"]+)\".*",
            true,
            Parts.COMMON_FIELDS,
            "referer",
            "agent"),
    APACHEERRORLOG(
            "^\\[("
                    + Parts.ERROR_TIME
                    + ")\\] \\[(?:(\\w+):)?(\\w+)\\] \\[pid ([0-9]+)(?::tid ([0-9]+))?\\] "
                    + "\\[client ("
                    + Parts.URIHOST
                    + ")\\] (.*)",
            true,
            List.of(
                    "timestamp",
                    "module",
                    "severity",
                    "processid",
                    "threadid",
                    "client",
                    "message")),
    SYSLOG("^(" + Parts.SYSLOG_TIME + ") " + Parts.SYSLOG_REST, false, Parts.SYSLOG_FIELDS),
    RFC3339SYSLOG("^(" + Parts.RFC3339 + ") " + Parts.SYSLOG_REST, false, Parts.SYSLOG_FIELDS);

    final Pattern pattern;
    final boolean dashIsNull;
    final List<String> fields;

    /** {@code fields}, then {@code more}: the names of the regex's groups, in order. */
    LogFormat(String regex, boolean dashIsNull, List<String> fields, String... more) {
        this.pattern = Pattern.compile(regex);
        this.dashIsNull = dashIsNull;
        List<String> all = new ArrayList<>(fields);
        all.addAll(List.of(more));
        this.fields = List.copyOf(all);
    }

    /** The building blocks (grok's names), and the names of the groups they share. */
    private static final class Parts {
        static final String INT = "(?:[+-]?(?:[0-9]+))";
        static final String HOSTNAME = "(?:[\\w\\-]+)(?:\\.(?:[\\w\\-]+))*(?:\\.?|\\b)";
        static final String IPORHOST = "(?:" + HOSTNAME + "|(?:[\\d\\.]+))";
        static final String URIHOST = "(?:" + IPORHOST + "(?::[1-9][0-9]*)?)";
        static final String USER = "(?:[a-zA-Z0-9._-]+)";
        static final String MONTHDAY = "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])";
        static final String DAY =
                "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)";
        static final String MONTH =
                "\\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?"
                        + "|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\b";
        static final String TIME =
                "(?:(?:2[0123]|[01]?[0-9]):(?:[0-5][0-9]):(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?))";
        static final String HTTPDATE =
                MONTHDAY + "/" + MONTH + "/(?:[1-9]\\d*):" + TIME + "\\s" + INT;
        static final String COMMON =
                "^("
                        + IPORHOST
                        + ") ("
                        + USER
                        + ") ("
                        + USER
                        + ") \\[("
                        + HTTPDATE
                        + ")\\] "
                        + "\"([^\"]+)\" ("
                        + INT
                        + "|\\-) ("
                        + INT
                        + "|\\-)";
        static final List<String> COMMON_FIELDS =
                List.of("host", "ident", "authuser", "datetime", "request", "response", "bytes");
        static final String ERROR_TIME =
                DAY + "\\s+" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + "\\s+(?:[1-9]\\d*)";
        static final String SYSLOG_TIME = MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME;
        static final String RFC3339 =
                "(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(?:Z|(?:[-+]\\d{2}:\\d{2}))";
        static final String SYSLOG_REST =
                "(?:<[0-9]+.[0-9]+> )?(" + USER + ") ([\\w._/%-]+)(?:\\[([1-9][0-9]*)\\])?: (.*)";

        /** A syslog line's groups: its time, then {@link #SYSLOG_REST}'s. */
        static final List<String> SYSLOG_FIELDS =
                List.of("timestamp", "hostname", "program", "processid", "message");
    }
}
