package dev.streamlake.e2e.deploy;

import dev.streamlake.e2e.support.JobProcess;
import java.nio.file.Path;

/** Where the deployment files and the built jar are, from the project root surefire passes in. */
final class DeployFiles {
    private DeployFiles() {}

    static Path root() {
        return JobProcess.projectRoot();
    }

    static Path kdaDeploy() {
        return root().resolve("kda-deploy");
    }

    static Path template() {
        return kdaDeploy().resolve("template.yaml");
    }

    /**
     * The shaded jar {@code mvn -pl job package} builds; the reactor builds it before this module.
     */
    static Path deployableJar() {
        return JobProcess.deployableJar();
    }
}
