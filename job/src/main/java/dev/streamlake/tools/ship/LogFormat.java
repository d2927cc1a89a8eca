package dev.streamlake.tools.ship;

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
    COMMONAPACHELOG(
            Parts.COMMON + ".*",
            true,
            "host",
            "ident",
            "authuser",
            "datetime",
            "request",
            "response",
            "bytes"),
    COMBINEDAPACHELOG(
            Parts.COMMON + " \"([^\"]+)\" \"([^\"]+)\".*",
            true,
            "host",
            "ident",
            "authuser",
            "datetime",
            "request",
            "response",
            "bytes",
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
            "timestamp",
            "module",
            "severity",
            "processid",
            "threadid",
            "client",
            "message"),
    SYSLOG(
            "^(" + Parts.SYSLOG_TIME + ") " + Parts.SYSLOG_REST,
            false,
            "timestamp",
            "hostname",
            "program",
            "processid",
            "message"),
    RFC3339SYSLOG(
            "^(" + Parts.RFC3339 + ") " + Parts.SYSLOG_REST,
            false,
            "timestamp",
            "hostname",
            "program",
            "processid",
            "message");

    final Pattern pattern;
    final boolean dashIsNull;
    final List<String> fields;

    LogFormat(String regex, boolean dashIsNull, String... fields) {
        this.pattern = Pattern.compile(regex);
        this.dashIsNull = dashIsNull;
        this.fields = List.of(fields);
    }

    /** The building blocks (grok's names). */
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
        static final String ERROR_TIME =
                DAY + "\\s+" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + "\\s+(?:[1-9]\\d*)";
        static final String SYSLOG_TIME = MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME;
        static final String RFC3339 =
                "(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(?:Z|(?:[-+]\\d{2}:\\d{2}))";
        static final String SYSLOG_REST =
                "(?:<[0-9]+.[0-9]+> )?(" + USER + ") ([\\w._/%-]+)(?:\\[([1-9][0-9]*)\\])?: (.*)";
    }
}
