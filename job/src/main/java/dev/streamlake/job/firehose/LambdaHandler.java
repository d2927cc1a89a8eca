package dev.streamlake.job.firehose;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsStreamsInputPreprocessingEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.amazonaws.services.lambda.runtime.events.MSKFirehoseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import dev.streamlake.job.config.FirehoseLambdaOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java Lambda handler found the way Lambda finds it: {@code package.Class} (its {@code
 * handleRequest}) or {@code package.Class::method}, one instance for all invocations, as one warm
 * Lambda container keeps it. The method's parameters say how the event is handed over:
 *
 * <ul>
 *   <li>{@code (KinesisFirehoseEvent[, Context])}: the library's Firehose event, built directly;
 *   <li>{@code (KinesisAnalyticsStreamsInputPreprocessingEvent[, Context])}: the KDA SQL
 *       preprocessing event of a Kinesis stream source, same contract;
 *   <li>{@code (InputStream, OutputStream[, Context])} ({@code RequestStreamHandler}): the event's
 *       JSON in, the response's JSON out;
 *   <li>any other type ({@code Map<String, Object>}, the user's own POJO): the event's JSON bound
 *       to it with Jackson, as Lambda's runtime does.
 * </ul>
 *
 * Whatever the method returns is the response, read by {@link FirehoseResponse}.
 */
final class LambdaHandler {
    enum Shape {
        FIREHOSE_EVENT,
        KDA_STREAMS_EVENT,
        STREAM,
        JSON
    }

    private final Object instance;
    private final Method method;
    private final Shape shape;
    private final JavaType jsonType;
    private final boolean takesContext;

    private LambdaHandler(
            Object instance, Method method, Shape shape, JavaType jsonType, boolean takesContext) {
        this.instance = instance;
        this.method = method;
        this.shape = shape;
        this.jsonType = jsonType;
        this.takesContext = takesContext;
    }

    /** Loads and instantiates the handler; the message names the key and what is wrong. */
    static LambdaHandler load(String spec, ClassLoader loader) {
        String key = FirehoseLambdaOptions.HANDLER.key();
        int sep = spec.indexOf("::");
        String className = sep < 0 ? spec : spec.substring(0, sep);
        String methodName = sep < 0 ? "handleRequest" : spec.substring(sep + 2);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    key
                            + ": cannot load class '"
                            + className
                            + "' (is its jar on the job's classpath?): "
                            + e,
                    e);
        }
        List<Method> candidates = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(methodName)
                    && !m.isBridge()
                    && !m.isSynthetic()
                    && shapeOf(m) != null) {
                candidates.add(m);
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(
                    key
                            + ": "
                            + className
                            + " has "
                            + (candidates.isEmpty() ? "no" : candidates.size())
                            + " public method "
                            + methodName
                            + "(event[, Context]) or (InputStream, OutputStream[, Context])"
                            + (candidates.isEmpty() ? "" : ": " + candidates));
        }
        Method method = candidates.get(0);
        Shape shape = shapeOf(method);
        Class<?> event = method.getParameterTypes()[0];
        if (shape == Shape.JSON
                && (event == MSKFirehoseEvent.class
                        || event == String.class
                        || event.isPrimitive()
                        || Number.class.isAssignableFrom(event))) {
            throw new IllegalArgumentException(
                    key
                            + ": "
                            + method
                            + " takes a "
                            + event.getSimpleName()
                            + "; a Firehose transformation of a Kinesis stream gets an event object"
                            + " (KinesisFirehoseEvent, a Map or a POJO of its JSON)");
        }
        Object instance = null;
        if (!Modifier.isStatic(method.getModifiers())) {
            try {
                instance = type.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException(
                        key + ": " + className + "'s constructor threw " + e.getCause(),
                        e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalArgumentException(
                        key
                                + ": "
                                + className
                                + " needs a public constructor without arguments: "
                                + e,
                        e);
            }
        }
        JavaType jsonType =
                shape == Shape.JSON
                        ? FirehoseEvents.JSON
                                .getTypeFactory()
                                .constructType(method.getGenericParameterTypes()[0])
                        : null;
        return new LambdaHandler(
                instance,
                method,
                shape,
                jsonType,
                method.getParameterCount() == shapeArity(shape) + 1);
    }

    private static Shape shapeOf(Method m) {
        Class<?>[] p = m.getParameterTypes();
        if (p.length >= 2 && p[0] == InputStream.class && p[1] == OutputStream.class) {
            return p.length == 2 || (p.length == 3 && p[2] == Context.class) ? Shape.STREAM : null;
        }
        if (p.length == 0
                || p.length > 2
                || (p.length == 2 && p[1] != Context.class)
                || p[0] == Context.class) {
            return null;
        }
        if (p[0] == KinesisFirehoseEvent.class) return Shape.FIREHOSE_EVENT;
        if (p[0] == KinesisAnalyticsStreamsInputPreprocessingEvent.class)
            return Shape.KDA_STREAMS_EVENT;
        return Shape.JSON;
    }

    private static int shapeArity(Shape shape) {
        return shape == Shape.STREAM ? 2 : 1;
    }

    Class<?> handlerClass() {
        return method.getDeclaringClass();
    }

    Shape shape() {
        return shape;
    }

    /**
     * Hands the batch to the handler and returns what it returned (for a stream handler, the bytes
     * it wrote). Throws what the handler threw.
     */
    Object invoke(FirehoseEvents batch, Context context) throws Throwable {
        Object event;
        ByteArrayOutputStream out = null;
        switch (shape) {
            case FIREHOSE_EVENT:
                event = batch.firehoseEvent();
                break;
            case KDA_STREAMS_EVENT:
                event = batch.kdaStreamsEvent();
                break;
            case STREAM:
                event = new ByteArrayInputStream(batch.json());
                out = new ByteArrayOutputStream();
                break;
            default:
                try {
                    event = FirehoseEvents.JSON.readValue(batch.json(), jsonType);
                } catch (
                        JsonProcessingException
                                e) { // as Lambda's runtime fails such an invocation, before the
                    // handler
                    throw new IllegalArgumentException(
                            "the event's JSON does not bind to "
                                    + jsonType
                                    + ": "
                                    + e.getOriginalMessage(),
                            e);
                }
        }
        Object[] args =
                shape == Shape.STREAM
                        ? (takesContext
                                ? new Object[] {event, out, context}
                                : new Object[] {event, out})
                        : (takesContext ? new Object[] {event, context} : new Object[] {event});
        try {
            Object response = method.invoke(instance, args);
            return out != null ? out.toByteArray() : response;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return method.getDeclaringClass().getName() + "::" + method.getName();
    }
}
