package dev.streamlake.e2e.support;

import java.io.File;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.flink.client.deployment.application.ApplicationClusterEntryPoint;
import org.apache.flink.client.program.DefaultPackagedProgramRetriever;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.entrypoint.ClusterEntrypoint;
import org.apache.flink.runtime.entrypoint.ClusterEntrypointUtils;
import org.apache.flink.runtime.entrypoint.FlinkParseException;
import org.apache.flink.runtime.entrypoint.parser.CommandLineOptions;
import org.apache.flink.runtime.entrypoint.parser.ParserResultFactory;
import org.apache.flink.runtime.resourcemanager.StandaloneResourceManagerFactory;

/**
 * An application-mode JobManager: the job's jar in {@code usrlib/} (of the working directory), its
 * main class and program arguments on the command line, run by the JobManager itself.
 *
 * <p>A stand-in, and the only one in the cluster tests: flink-dist starts application mode with
 * {@code org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint}, whose
 * module ({@code flink-container}) is not published on Maven Central after 1.14. That class adds
 * nothing but this kind of {@code main} to Flink's {@link ApplicationClusterEntryPoint}
 * (flink-clients), which holds application mode itself (the job's main run in the JobManager, its
 * jar on the user-code classloader, the cluster's life bound to the job's) and which the Kubernetes
 * operator's and YARN's entrypoints extend too. The command line is the standalone one's: {@code
 * --configDir DIR [-D key=value]... --job-classname CLASS -- [program arguments]}.
 */
public final class ApplicationClusterMain extends ApplicationClusterEntryPoint {
    private static final Option JOB_CLASS =
            Option.builder("j")
                    .longOpt("job-classname")
                    .required()
                    .hasArg()
                    .desc("the job's main class")
                    .build();

    private ApplicationClusterMain(Configuration configuration, PackagedProgram program) {
        super(configuration, program, StandaloneResourceManagerFactory.getInstance());
    }

    public static void main(String[] args) {
        Arguments parsed =
                ClusterEntrypointUtils.parseParametersOrExit(
                        args, new Parser(), ApplicationClusterMain.class);
        Configuration configuration =
                GlobalConfiguration.loadConfiguration(
                        parsed.configDir,
                        ConfigurationUtils.createConfiguration(parsed.dynamicProperties));
        PackagedProgram program;
        try {
            // The jar could be on a file system of a plugin (s3://), as in flink-container.
            FileSystem.initialize(
                    configuration, PluginUtils.createPluginManagerFromRootFolder(configuration));
            File usrlib =
                    ClusterEntrypointUtils.tryFindUserLibDirectory()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "no usrlib/ in the working directory"));
            program =
                    DefaultPackagedProgramRetriever.create(
                                    usrlib, parsed.jobClass, parsed.programArgs, configuration)
                            .getPackagedProgram();
            configureExecution(configuration, program);
        } catch (Exception e) {
            LOG.error("Could not create the application's program", e);
            System.exit(STARTUP_FAILURE_RETURN_CODE);
            return;
        }
        ClusterEntrypoint.runClusterEntrypoint(new ApplicationClusterMain(configuration, program));
    }

    private static final class Arguments {
        final String configDir;
        final Properties dynamicProperties;
        final String jobClass;
        final String[] programArgs;

        Arguments(CommandLine line) {
            this.configDir = line.getOptionValue(CommandLineOptions.CONFIG_DIR_OPTION.getOpt());
            this.dynamicProperties =
                    line.getOptionProperties(CommandLineOptions.DYNAMIC_PROPERTY_OPTION.getOpt());
            this.jobClass = line.getOptionValue(JOB_CLASS.getOpt());
            this.programArgs = line.getArgs();
        }
    }

    private static final class Parser implements ParserResultFactory<Arguments> {
        @Override
        public Options getOptions() {
            return new Options()
                    .addOption(CommandLineOptions.CONFIG_DIR_OPTION)
                    .addOption(CommandLineOptions.DYNAMIC_PROPERTY_OPTION)
                    .addOption(JOB_CLASS);
        }

        @Override
        public Arguments createResult(CommandLine line) throws FlinkParseException {
            return new Arguments(line);
        }
    }
}
