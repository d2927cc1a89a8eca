package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.JobProcess;
import java.io.File;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's classes can be unloaded once Flink releases its classloader, the way a session cluster's
 * TaskManager loads each submitted job: the deployable jar in a classloader of its own over the
 * Flink runtime's classes. In it the connector's real AWS SDK v1 builds a Kinesis client (never
 * shut down, as the connector leaves it), initialises {@code AwsSdkMetrics} (as its first request
 * does) and our source registers its release hook; after the hook has run and the references are
 * dropped, the classloader must be collected. The control puts the SDK's {@code
 * SdkMBeanRegistrySupport} back (as in the connector's own jar) and shows the MBean pinning the
 * classloader, so the check can fail. The real cluster's submit/cancel loop is the cluster tests';
 * this one is in-process and takes a few seconds.
 */
class DeployableJarUnloadsTest {
    private static final String SDK = "org.apache.flink.kinesis.shaded.com.amazonaws.";
    private static final String MBEAN_CLASS =
            SDK.replace('.', '/') + "jmx/SdkMBeanRegistrySupport.class";

    @TempDir Path dir;

    @Test
    void jobClassLoaderIsCollectedOnceReleased() throws Exception {
        WeakReference<ClassLoader> job = runAndRelease(new URL[] {jarUrl()});

        assertThat(collected(job)).as("the job's classloader was collected").isTrue();
    }

    @Test
    void withTheSdkMBeanClassTheClassLoaderStaysPinned() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("mbean-class"));
        Path target = extra.resolve(MBEAN_CLASS);
        Files.createDirectories(target.getParent());
        try (JarFile connector = new JarFile(connectorJar());
                InputStream in = connector.getInputStream(connector.getEntry(MBEAN_CLASS))) {
            Files.copy(in, target);
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName metrics = new ObjectName(SDK + "management:type=AwsSdkMetrics");
        try {
            WeakReference<ClassLoader> job =
                    runAndRelease(new URL[] {jarUrl(), extra.toUri().toURL()});

            assertThat(server.isRegistered(metrics)).isTrue();
            assertThat(collected(job)).as("the job's classloader was collected").isFalse();
        } finally {
            if (server.isRegistered(metrics))
                server.unregisterMBean(metrics); // frees it for the other tests
        }
    }

    /** Loads the job, uses the SDK as the source does, runs the release hooks, drops everything. */
    private static WeakReference<ClassLoader> runAndRelease(URL[] jobJars) throws Exception {
        URLClassLoader runtime =
                new URLClassLoader(runtimeClasspath(), ClassLoader.getPlatformClassLoader());
        startLogging(runtime);
        URLClassLoader job = new URLClassLoader(jobJars, runtime);
        Map<String, Runnable> hooks = new LinkedHashMap<>();
        Throwable[] failure = new Throwable[1];
        Thread task =
                new Thread(
                        () -> {
                            try {
                                useTheSdkAndOpenTheSource(job, runtime, hooks);
                            } catch (Throwable t) {
                                failure[0] = t;
                            }
                        },
                        "task");
        task.setContextClassLoader(job); // as Flink's task threads have it
        task.start();
        task.join();
        if (failure[0] != null) throw new AssertionError("the job's code failed", failure[0]);
        assertThat(hooks).as("release hooks").isNotEmpty();
        hooks.values().forEach(Runnable::run); // Flink releasing the classloader
        hooks.clear();
        job.close();
        return new WeakReference<>(job);
    }

    /**
     * A TaskManager has set up its logging before any job arrives. Without this, log4j would start
     * inside the job's task thread and its shutdown-hook thread would inherit, and pin, the job's
     * classloader: a pin of this test, not of a TaskManager.
     */
    private static void startLogging(ClassLoader runtime) throws Exception {
        Thread main = Thread.currentThread();
        ClassLoader before = main.getContextClassLoader();
        main.setContextClassLoader(runtime);
        try {
            Object log =
                    runtime.loadClass("org.slf4j.LoggerFactory")
                            .getMethod("getLogger", String.class)
                            .invoke(null, "taskmanager");
            log.getClass()
                    .getMethod("info", String.class)
                    .invoke(log, "TaskManager's logging started");
        } finally {
            main.setContextClassLoader(before);
        }
    }

    private static void useTheSdkAndOpenTheSource(
            ClassLoader job, ClassLoader runtime, Map<String, Runnable> hooks) throws Exception {
        Object builder =
                job.loadClass(SDK + "services.kinesis.AmazonKinesisClientBuilder")
                        .getMethod("standard")
                        .invoke(null);
        Class<?> builderClass = job.loadClass(SDK + "client.builder.AwsClientBuilder");
        builderClass.getMethod("setRegion", String.class).invoke(builder, "us-east-1");
        Object credentials =
                job.loadClass(SDK + "auth.BasicAWSCredentials")
                        .getConstructor(String.class, String.class)
                        .newInstance("local", "local");
        Object provider =
                job.loadClass(SDK + "auth.AWSStaticCredentialsProvider")
                        .getConstructor(job.loadClass(SDK + "auth.AWSCredentials"))
                        .newInstance(credentials);
        builderClass
                .getMethod("setCredentials", job.loadClass(SDK + "auth.AWSCredentialsProvider"))
                .invoke(builder, provider);
        builderClass.getMethod("build").invoke(builder); // starts the SDK's reaper thread
        Class.forName(SDK + "metrics.AwsSdkMetrics", true, job);

        Properties props = new Properties();
        props.setProperty("aws.region", "us-east-1");
        Object schema =
                job.loadClass("dev.streamlake.job.source.RawRecordSchema")
                        .getConstructor()
                        .newInstance();
        Class<?> consumerClass =
                job.loadClass("dev.streamlake.job.source.ReleasingKinesisConsumer");
        Object consumer = consumerClass.getConstructors()[0].newInstance("s", schema, props);
        Class<?> contextClass = runtime.loadClass(RuntimeContext.class.getName());
        Object context =
                Proxy.newProxyInstance(
                        runtime,
                        new Class<?>[] {contextClass},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "getUserCodeClassLoader":
                                    return job;
                                case "registerUserCodeClassLoaderReleaseHookIfAbsent":
                                    hooks.putIfAbsent((String) args[0], (Runnable) args[1]);
                                    return null;
                                default:
                                    throw new UnsupportedOperationException(method.getName());
                            }
                        });
        consumerClass.getMethod("setRuntimeContext", contextClass).invoke(consumer, context);
        Class<?> openContext = runtime.loadClass(OpenContext.class.getName());
        Object defaultOpenContext =
                runtime.loadClass(DefaultOpenContext.class.getName())
                        .getField("INSTANCE")
                        .get(null);
        consumerClass.getMethod("open", openContext).invoke(consumer, defaultOpenContext);
    }

    /**
     * Runs the collector until the reference clears or plainly will not (a bounded number of
     * tries).
     */
    private static boolean collected(WeakReference<ClassLoader> ref) throws InterruptedException {
        for (int i = 0; i < 30 && ref.get() != null; i++) {
            System.gc();
            System.runFinalization(); // the SDK's http client stops the reaper thread in its
            // finalizer too
            Thread.sleep(50);
        }
        return ref.get() == null;
    }

    private static URL jarUrl() throws Exception {
        return DeployFiles.deployableJar().toUri().toURL();
    }

    /** What a TaskManager has on its classpath: the test classpath less what the jar bundles. */
    private static URL[] runtimeClasspath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : JobProcess.flinkRuntimeClasspath().split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private static File connectorJar() {
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("flink-connector-kinesis-"))
                return new File(entry);
        }
        throw new IllegalStateException("flink-connector-kinesis is not on the test classpath");
    }
}
