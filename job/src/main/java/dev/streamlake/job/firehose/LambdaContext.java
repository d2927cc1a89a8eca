package dev.streamlake.job.firehose;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} of one in-process invocation: its request id (the event's
 * invocationId), the time left before the configured timeout, and a logger that writes to the job's
 * log under the handler's class name (what Lambda would send to CloudWatch Logs).
 */
final class LambdaContext implements Context {
    private final String requestId;
    private final String functionName;
    private final long deadlineNanos;
    private final LambdaLogger logger;

    LambdaContext(String requestId, Class<?> handlerClass, long timeoutMillis) {
        this.requestId = requestId;
        this.functionName = handlerClass.getSimpleName();
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        this.logger = new JobLogLogger(LoggerFactory.getLogger(handlerClass));
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "streamlake-in-process";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null; // Firehose invokes without one
    }

    @Override
    public ClientContext getClientContext() {
        return null; // Firehose invokes without one
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    @Override
    public int getMemoryLimitInMB() {
        return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() >> 20);
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /**
     * Lambda's log lines into the job's log, at the level the handler asked for (INFO by default).
     */
    static final class JobLogLogger implements LambdaLogger {
        private final Logger log;

        JobLogLogger(Logger log) {
            this.log = log;
        }

        @Override
        public void log(String message) {
            log(message, LogLevel.INFO);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8), LogLevel.INFO);
        }

        @Override
        public void log(String message, LogLevel level) {
            switch (level == null ? LogLevel.INFO : level) {
                case TRACE:
                    log.trace("{}", message);
                    break;
                case DEBUG:
                    log.debug("{}", message);
                    break;
                case WARN:
                    log.warn("{}", message);
                    break;
                case ERROR:
                case FATAL:
                    log.error("{}", message);
                    break;
                default:
                    log.info("{}", message);
            }
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(new String(message, StandardCharsets.UTF_8), level);
        }
    }
}
