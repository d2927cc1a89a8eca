package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.AllOptions;
import dev.streamlake.job.config.HotspotsOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.S3Options;
import dev.streamlake.job.config.ScoreOutputOptions;
import dev.streamlake.job.config.ScoringOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.tools.ddl.AthenaDdl;
import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.TableSchema;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Our own checks of kda-deploy/template.yaml, beside cfn-lint's (see CfnLintTest). */
class TemplateTest {
    /** Template defaults that differ from the code's on purpose, each with its reason. */
    private static final Map<String, String> DELIBERATE_DEFAULTS =
            Map.of(
                    // PII: on AWS the owner's e-mail is masked unless the deployer says otherwise.
                    TransformOptions.MASK.key(), "owner_email");

    private static final Map<String, Object> TEMPLATE = CfnTemplate.load(DeployFiles.template());

    /** Keys bound to the stack's resources or settings instead of a parameter of their own. */
    private static final Set<String> RESOURCE_BOUND =
            Set.of(
                    SourceOptions.STREAM.key(),
                    SourceOptions.REGION.key(),
                    LakeOptions.PATH.key(),
                    LakeOptions.CHECKPOINT_INTERVAL.key(),
                    // S3 on Managed Flink is the service's: these describe it (see the template's
                    // comment).
                    S3Options.ENDPOINT.key(),
                    S3Options.REGION.key(),
                    S3Options.PATH_STYLE_ACCESS.key(),
                    S3Options.CREDENTIALS_PROVIDER.key(),
                    S3Options.SSE.key(),
                    S3Options.SSE_KMS_KEY_ID.key());

    // --- references --------------------------------------------------------------------------

    @Test
    void everyRefGetAttSubAndConditionResolves() {
        assertThat(TemplateChecks.unresolvedReferences(TEMPLATE)).isEmpty();
    }

    @Test
    void referenceCheckFindsDanglingNames() throws Exception {
        String text = Files.readString(DeployFiles.template());
        assertThat(
                        TemplateChecks.unresolvedReferences(
                                CfnTemplate.parse(
                                        text.replace(
                                                "reader: !Ref SourceReader",
                                                "reader: !Ref SourceReadr"))))
                .containsExactly(
                        "Resources/Application/Properties/ApplicationConfiguration/"
                                + "EnvironmentProperties/PropertyGroups/PropertyMap/reader: Ref SourceReadr is neither a"
                                + " parameter nor a resource");
        assertThat(
                        TemplateChecks.unresolvedReferences(
                                CfnTemplate.parse(
                                        text.replace(
                                                "${LakePrefix}/events/*",
                                                "${LakePrefx}/events/*"))))
                .singleElement()
                .asString()
                .contains("${LakePrefx}");
        assertThat(
                        TemplateChecks.unresolvedReferences(
                                CfnTemplate.parse(
                                        text.replace(
                                                "!GetAtt LogGroup.Arn", "!GetAtt LogGrup.Arn"))))
                .singleElement()
                .asString()
                .contains("GetAtt LogGrup");
        assertThat(
                        TemplateChecks.unresolvedReferences(
                                CfnTemplate.parse(
                                        text.replace(
                                                "Condition: HasCode\n    Properties:\n      ApplicationName: !Ref ApplicationName",
                                                "Condition: HasCod\n    Properties:\n      ApplicationName: !Ref ApplicationName"))))
                .singleElement()
                .asString()
                .contains("Condition HasCod");
    }

    // --- property groups == the job's keys ----------------------------------------------------

    @Test
    void propertyGroupsHoldExactlyTheJobsKeys() {
        Set<String> jobKeys =
                AllOptions.list().stream()
                        .map(ConfigOption::key)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(TemplateChecks.applicationProperties(TEMPLATE).keySet()))
                .isEqualTo(jobKeys);
    }

    @Test
    void eachTunableKeyHasItsOwnParameterDefaultingToTheCodeDefault() {
        Map<String, Object> params = TemplateChecks.section(TEMPLATE, "Parameters");
        Map<String, Object> props = TemplateChecks.applicationProperties(TEMPLATE);
        int checked = 0;
        for (ConfigOption<?> option : AllOptions.list()) {
            String param = parameterOf(props.get(option.key()));
            if (param
                    == null) { // bound to a resource or to what the stack does (see RESOURCE_BOUND)
                assertThat(RESOURCE_BOUND)
                        .as(option.key() + " has no parameter")
                        .contains(option.key());
                continue;
            }
            checked++;
            assertThat(param).as(option.key()).isEqualTo(parameterName(option.key()));
            String dflt = String.valueOf(((Map<?, ?>) params.get(param)).get("Default"));
            if (DELIBERATE_DEFAULTS.containsKey(option.key())) {
                assertThat(dflt).as(option.key()).isEqualTo(DELIBERATE_DEFAULTS.get(option.key()));
            } else if (dflt.isEmpty()) {
                // An empty parameter leaves the key out: the code must then have no default either.
                assertThat(
                                !option.hasDefaultValue()
                                        || option.defaultValue() instanceof List
                                                && ((List<?>) option.defaultValue()).isEmpty())
                        .as(
                                option.key()
                                        + " is left out when empty, but the code defaults it to "
                                        + option.defaultValue())
                        .isTrue();
            } else {
                Configuration c = new Configuration();
                c.setString(option.key(), dflt);
                assertThat((Object) c.get(option))
                        .as(option.key() + " default")
                        .isEqualTo(option.defaultValue());
            }
            Object allowed = ((Map<?, ?>) params.get(param)).get("AllowedValues");
            Class<?> type =
                    option.hasDefaultValue() ? option.defaultValue().getClass() : String.class;
            if (type.isEnum()) {
                assertThat(TemplateChecks.asList(allowed))
                        .as(option.key() + " AllowedValues")
                        .containsExactlyElementsOf(
                                Arrays.stream(type.getEnumConstants())
                                        .map(String::valueOf)
                                        .collect(Collectors.toList()));
            }
        }
        assertThat(checked).isEqualTo(AllOptions.list().size() - RESOURCE_BOUND.size());
    }

    @Test
    void theJobAcceptsTheTemplatesDefaultConfiguration() {
        Map<String, Object> params = TemplateChecks.section(TEMPLATE, "Parameters");
        Map<String, String> flat = new LinkedHashMap<>();
        TemplateChecks.applicationProperties(TEMPLATE)
                .forEach(
                        (key, value) -> {
                            String param = parameterOf(value);
                            String resolved =
                                    param != null
                                            ? String.valueOf(
                                                    ((Map<?, ?>) params.get(param)).get("Default"))
                                            : resolveResourceBound(key, value);
                            if (!resolved.isEmpty()) flat.put(key, resolved);
                        });
        JobConfig cfg = JobConfig.fromMap(flat);
        assertThat(cfg.streamName()).isEqualTo("streamlake-readings");
        assertThat(cfg.region()).isEqualTo("eu-west-1");
        assertThat(cfg.lakePath()).isEqualTo("s3://lake-bucket/lake");
        assertThat(cfg.checkpointInterval().toMillis()).isEqualTo(60_000);
        assertThat(cfg.s3().credentialsProvider())
                .isEqualTo(dev.streamlake.job.config.S3Options.CredentialsProvider.DEFAULT_CHAIN);
        assertThat(cfg.s3().sse()).isEqualTo(dev.streamlake.job.config.S3Options.Encryption.SSE_S3);
        assertThat(cfg.s3().region()).hasValue("eu-west-1");
    }

    // --- IAM -----------------------------------------------------------------------------------

    @Test
    void noIamWildcardWhereSomethingNarrowerExists() {
        assertThat(TemplateChecks.identityStatements(TEMPLATE)).hasSizeGreaterThanOrEqualTo(9);
        assertThat(TemplateChecks.iamWildcardProblems(TEMPLATE)).isEmpty();
    }

    @Test
    void wildcardCheckFindsBroadActionsAndResources() throws Exception {
        String text = Files.readString(DeployFiles.template());
        assertThat(
                        TemplateChecks.iamWildcardProblems(
                                CfnTemplate.parse(
                                        text.replace(
                                                "Action: cloudwatch:PutMetricData",
                                                "Action: cloudwatch:*"))))
                .anyMatch(p -> p.contains("wildcard action cloudwatch:*"));
        assertThat(
                        TemplateChecks.iamWildcardProblems(
                                CfnTemplate.parse(
                                        text.replace(
                                                "                Resource: !GetAtt Stream.Arn",
                                                "                Resource: \"*\""))))
                .singleElement()
                .asString()
                .contains("ReadTheStream")
                .contains("which can be scoped");
        assertThat(
                        TemplateChecks.iamWildcardProblems(
                                CfnTemplate.parse(
                                        text.replace(
                                                "                Condition:\n                  StringEquals:\n                    cloudwatch:namespace: AWS/KinesisAnalytics\n",
                                                ""))))
                .singleElement()
                .asString()
                .contains("without a Condition");
    }

    @Test
    void lakeWritesStayUnderTheTablePrefixes() {
        Map<String, Map<String, Object>> statements = TemplateChecks.identityStatements(TEMPLATE);
        List<Object> writeResources =
                statements.values().stream()
                        .filter(
                                st ->
                                        TemplateChecks.asList(st.get("Action"))
                                                .contains("s3:PutObject"))
                        .flatMap(st -> TemplateChecks.asList(st.get("Resource")).stream())
                        .collect(Collectors.toList());
        assertThat(writeResources)
                .containsExactlyInAnyOrder(
                        Map.of(
                                "Fn::Sub",
                                "${LakeBucket.Arn}/${LakePrefix}/" + LakeLayout.EVENTS + "/*"),
                        Map.of(
                                "Fn::Sub",
                                "${LakeBucket.Arn}/${LakePrefix}/" + LakeLayout.ERRORS + "/*"),
                        Map.of(
                                "Fn::Sub",
                                "${LakeBucket.Arn}/${LakePrefix}/" + LakeLayout.ANOMALIES + "/*"),
                        Map.of(
                                "Fn::Sub",
                                "${LakeBucket.Arn}/${LakePrefix}/" + LakeLayout.HOTSPOTS + "/*"));
    }

    @Test
    void onlyManagedFlinkOfThisAccountAndApplicationMayAssumeTheRole() {
        Map<String, Object> role = resource("ApplicationRole");
        Map<?, ?> st =
                (Map<?, ?>)
                        ((List<?>)
                                        TemplateChecks.path(
                                                role,
                                                "Properties",
                                                "AssumeRolePolicyDocument",
                                                "Statement"))
                                .get(0);
        assertThat(st.get("Principal"))
                .isEqualTo(Map.of("Service", "kinesisanalytics.amazonaws.com"));
        assertThat(st.get("Condition").toString())
                .contains("aws:SourceAccount")
                .contains("aws:SourceArn");
    }

    @Test
    void kmsAndEnhancedFanOutPermissionsExistOnlyWhenUsed() {
        Map<String, Map<String, Object>> statements = TemplateChecks.identityStatements(TEMPLATE);
        String text = statements.toString();
        assertThat(text).contains("kms:GenerateDataKey").contains("kinesis:SubscribeToShard");
        Map<String, Object> role = resource("ApplicationRole");
        List<?> raw =
                (List<?>)
                        TemplateChecks.path(
                                (Map<String, Object>)
                                        ((List<?>)
                                                        TemplateChecks.path(
                                                                role, "Properties", "Policies"))
                                                .get(0),
                                "PolicyDocument",
                                "Statement");
        Map<String, String> conditionOf = new LinkedHashMap<>();
        for (Object st : raw) {
            if (st instanceof Map && ((Map<?, ?>) st).containsKey("Fn::If")) {
                List<?> args = (List<?>) ((Map<?, ?>) st).get("Fn::If");
                conditionOf.put(
                        String.valueOf(((Map<?, ?>) args.get(1)).get("Sid")),
                        String.valueOf(args.get(0)));
                assertThat(args.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
            }
        }
        assertThat(conditionOf)
                .containsEntry("EncryptLakeObjects", "UseKms")
                .containsEntry("EnhancedFanOutConsumer", "UseEfo");
    }

    // --- buckets, application, tables -----------------------------------------------------------

    @Test
    void lakeBucketIsPrivateEncryptedTlsOnlyAndAgesOut() {
        Map<String, Object> bucket = resource("LakeBucket");
        assertThat(
                        TemplateChecks.path(bucket, "Properties", "PublicAccessBlockConfiguration")
                                .toString())
                .isEqualTo(
                        "{BlockPublicAcls=true, BlockPublicPolicy=true, IgnorePublicAcls=true, RestrictPublicBuckets=true}");
        assertThat(TemplateChecks.path(bucket, "Properties", "BucketEncryption").toString())
                .contains("SSEAlgorithm={Fn::If=[UseKms, aws:kms, AES256]}");
        String lifecycle =
                TemplateChecks.path(bucket, "Properties", "LifecycleConfiguration").toString();
        assertThat(lifecycle)
                .contains("StorageClass=STANDARD_IA")
                .contains("TransitionInDays={Ref=TransitionToIaDays}")
                .contains("AbortIncompleteMultipartUpload={DaysAfterInitiation=7}");
        assertThat(bucket.get("DeletionPolicy")).isEqualTo("Retain");
        String policy =
                TemplateChecks.path(resource("LakeBucketPolicy"), "Properties", "PolicyDocument")
                        .toString();
        assertThat(policy).contains("Effect=Deny").contains("aws:SecureTransport=false");
    }

    @Test
    void applicationRunsFlink119WithCheckpointsSnapshotsAndLogging() {
        Map<String, Object> app = resource("Application");
        assertThat(TemplateChecks.path(app, "Properties", "RuntimeEnvironment"))
                .isEqualTo("FLINK-1_19");
        String flink =
                TemplateChecks.path(
                                app,
                                "Properties",
                                "ApplicationConfiguration",
                                "FlinkApplicationConfiguration")
                        .toString();
        assertThat(flink)
                .contains("CheckpointingEnabled=true")
                .contains("ParallelismPerKPU={Ref=ParallelismPerKPU}")
                .contains("AutoScalingEnabled")
                .contains("MetricsLevel={Ref=MetricsLevel}");
        assertThat(TemplateChecks.path(resource("ApplicationLogging"), "Type"))
                .isEqualTo("AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption");
    }

    @Test
    void athenaTablesMatchTheGeneratedDdlAndTheLakeLayout() {
        TableSchema schema =
                TableSchema.load(DeployFiles.root().resolve("conf/schemas/sensor-readings.json"));
        // The Glue tables have the columns of sql/athena-ddl/ (AthenaDdl generates that DDL), the
        // events table with the score columns exactly when ScoringEnabled is true.
        // scoring off with hotspots, scoring on without, scoring with the TRCF columns and hotspots
        for (int variant = 0; variant < 3; variant++) {
            boolean scoring = variant > 0;
            boolean trcf = variant == 2;
            boolean hotspots = variant != 1;
            Map<String, String> local =
                    new LinkedHashMap<>(
                            JobConfig.flatten(
                                    JobConfig.readPropertyGroups(
                                            DeployFiles.root()
                                                    .resolve(
                                                            "conf/application-properties-local.json"))));
            local.put(ScoringOptions.ENABLED.key(), String.valueOf(scoring));
            local.put(ScoreOutputOptions.TRCF_OUTPUTS.key(), String.valueOf(trcf));
            local.put(HotspotsOptions.ENABLED.key(), String.valueOf(hotspots));
            AthenaDdl ddl =
                    new AthenaDdl(schema, "conf/schemas/sensor-readings.json")
                            .forJob(JobConfig.fromMap(local));
            Map<String, String> expectedEvents = ddl.events().columnTypes();
            Map<String, String> expectedErrors = ddl.errors().columnTypes();
            assertThat(expectedEvents.keySet())
                    .hasSize(
                            schema.size() + (scoring ? 2 : 0) + (trcf ? 3 : 0) + (hotspots ? 1 : 0))
                    .startsWith(schema.columns().stream().map(Column::name).toArray(String[]::new));
            assertThat(expectedErrors.keySet())
                    .containsExactly(
                            Arrays.stream(FailedRecordEncoder.COLUMNS)
                                    .map(c -> c[0])
                                    .toArray(String[]::new));

            Map<String, Boolean> conditions =
                    Map.of("ScoringOn", scoring, "ScoringTrcfOn", trcf, "HotspotsOn", hotspots);
            assertTable("EventsTable", LakeLayout.EVENTS, expectedEvents, conditions);
            assertTable("ErrorsTable", LakeLayout.ERRORS, expectedErrors, conditions);
            assertTable(
                    "AnomaliesTable",
                    LakeLayout.ANOMALIES,
                    ddl.anomalies().columnTypes(),
                    conditions);
            assertTable(
                    "HotspotsTable", LakeLayout.HOTSPOTS, ddl.hotspots().columnTypes(), conditions);
        }
        assertThat(TemplateChecks.path(TemplateChecks.section(TEMPLATE, "Conditions"), "ScoringOn"))
                .hasToString("{Fn::Equals=[{Ref=ScoringEnabled}, true]}");
        assertThat(
                        TemplateChecks.path(
                                TemplateChecks.section(TEMPLATE, "Conditions"), "HotspotsOn"))
                .hasToString("{Fn::Equals=[{Ref=HotspotsEnabled}, true]}");
    }

    /**
     * A list item of the template as CloudFormation resolves it: an Fn::If by its condition,
     * AWS::NoValue left out.
     */
    private static Object resolved(Object item, Map<String, Boolean> conditions) {
        if (item instanceof Map && ((Map<?, ?>) item).containsKey("Fn::If")) {
            List<?> args = (List<?>) ((Map<?, ?>) item).get("Fn::If");
            Boolean on = conditions.get(String.valueOf(args.get(0)));
            assertThat(on).as("condition " + args.get(0) + " is known here").isNotNull();
            Object chosen = args.get(on ? 1 : 2);
            return chosen instanceof Map && "AWS::NoValue".equals(((Map<?, ?>) chosen).get("Ref"))
                    ? null
                    : chosen;
        }
        return item;
    }

    private void assertTable(
            String resource,
            String table,
            Map<String, String> expectedColumns,
            Map<String, Boolean> conditions) {
        Map<String, Object> input =
                (Map<String, Object>)
                        TemplateChecks.path(resource(resource), "Properties", "TableInput");
        assertThat(input.get("Name")).isEqualTo(table);
        Map<String, String> columns = new LinkedHashMap<>();
        for (Object item : (List<?>) TemplateChecks.path(input, "StorageDescriptor", "Columns")) {
            Object c = resolved(item, conditions);
            if (c == null) continue;
            columns.put(
                    String.valueOf(((Map<?, ?>) c).get("Name")),
                    String.valueOf(((Map<?, ?>) c).get("Type")));
        }
        assertThat(columns)
                .as(table + " columns, in order, with " + conditions)
                .containsExactlyEntriesOf(expectedColumns);
        assertThat(
                        TemplateChecks.path(
                                input, "StorageDescriptor", "SerdeInfo", "SerializationLibrary"))
                .isEqualTo("org.openx.data.jsonserde.JsonSerDe");
        Map<?, ?> p = (Map<?, ?>) input.get("Parameters");
        assertThat(p.get("projection.enabled")).isEqualTo("true");
        assertThat(p.get("projection.dt.type")).isEqualTo("date");
        assertThat(p.get("projection.dt.format")).isEqualTo(LakeLayout.DT_FORMAT);
        assertThat(p.get("projection.dt.interval")).isEqualTo("1");
        assertThat(p.get("projection.dt.interval.unit")).isEqualTo("HOURS");
        // ${!dt} is CloudFormation's escape for a literal ${dt}.
        String template =
                String.valueOf(((Map<?, ?>) p.get("storage.location.template")).get("Fn::Sub"))
                        .replace("${!", "${");
        assertThat(template)
                .isEqualTo("s3://${LakeBucket}/${LakePrefix}/" + table + "/" + LakeLayout.TEMPLATE);
        assertThat(input.get("PartitionKeys"))
                .isEqualTo(List.of(Map.of("Name", "dt", "Type", "string")));
    }

    // ------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(String name) {
        Object r = TemplateChecks.section(TEMPLATE, "Resources").get(name);
        assertThat(r).as("resource " + name).isNotNull();
        return (Map<String, Object>) r;
    }

    /**
     * The parameter a property value takes: {@code !Ref P} or {@code !If [C, !Ref P, !Ref
     * AWS::NoValue]}.
     */
    private static String parameterOf(Object value) {
        List<Object> branches = TemplateChecks.branches(value);
        if (branches.size() != 1 || !(branches.get(0) instanceof Map)) return null;
        Object ref = ((Map<?, ?>) branches.get(0)).get("Ref");
        return ref == null || String.valueOf(ref).startsWith("AWS::") ? null : String.valueOf(ref);
    }

    /** {@code source.efo.consumer-name} is parameter {@code SourceEfoConsumerName}. */
    static String parameterName(String key) {
        return Arrays.stream(key.split("[.-]"))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .collect(Collectors.joining());
    }

    /** Sample values for keys bound to resources, as CloudFormation would resolve them. */
    private static String resolveResourceBound(String key, Object value) {
        switch (value.toString()) {
            case "{Ref=AWS::NoValue}":
                return "";
            case "false":
            case "DEFAULT_CHAIN":
                return value.toString();
            case "{Fn::If=[UseKms, SSE_KMS, SSE_S3]}":
                return "SSE_S3"; // LakeEncryption's default
            case "{Fn::If=[UseKms, {Fn::GetAtt=[LakeKmsKey, Arn]}, {Ref=AWS::NoValue}]}":
                return "";
            case "{Fn::GetAtt=[Stream, Arn]}":
                return "arn:aws:kinesis:eu-west-1:123456789012:stream/streamlake-readings";
            case "{Ref=AWS::Region}":
                return "eu-west-1";
            case "{Fn::Sub=s3://${LakeBucket}/${LakePrefix}}":
                return "s3://lake-bucket/lake";
            case "{Fn::Sub=${CheckpointIntervalMs} ms}":
                return "60000 ms";
            default:
                throw new AssertionError(key + ": unexpected value " + value);
        }
    }
}
