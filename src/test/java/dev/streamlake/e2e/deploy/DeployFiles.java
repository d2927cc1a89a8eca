package dev.streamlake.e2e.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deployment files and the built jar are, from the project root surefire passes in. */
final class DeployFiles {
    private DeployFiles() {}

    static Path root() {
        String root = System.getProperty("project.root");
        return (root == null ? Path.of("../..") : Path.of(root)).toAbsolutePath().normalize();
    }

    static Path kdaDeploy() {
        return root().resolve("kda-deploy");
    }

    static Path template() {
        return kdaDeploy().resolve("template.yaml");
    }

    /** The shaded jar {@code mvn -pl job package} builds; the reactor builds it before this module. */
    static Path deployableJar() {
        Path jar = root().resolve("job/target/streamlake-job-0.1.0-SNAPSHOT-deployable.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build it with mvn -pl job -am package -DskipTests"
                            + " (a reactor run with -pl src/test -am does)");
        }
        return jar;
    }
}
