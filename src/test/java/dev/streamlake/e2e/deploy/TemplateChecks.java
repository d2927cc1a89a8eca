package dev.streamlake.e2e.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of a template loaded by {@link CfnTemplate}; each returns what is wrong, if anything. */
final class TemplateChecks {
    private TemplateChecks() {}

    static final Set<String> PSEUDO_PARAMETERS =
            Set.of(
                    "AWS::AccountId",
                    "AWS::NoValue",
                    "AWS::NotificationARNs",
                    "AWS::Partition",
                    "AWS::Region",
                    "AWS::StackId",
                    "AWS::StackName",
                    "AWS::URLSuffix");

    /**
     * IAM actions that have no resource-level permissions, so {@code "Resource": "*"} is the
     * narrowest there is; a statement using one must still carry a Condition.
     */
    static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL = Set.of("cloudwatch:PutMetricData");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    // ------------------------------------------------------------------------------------------
    // References

    /** Every Ref, GetAtt, Sub variable, If and Condition names something that exists. */
    static List<String> unresolvedReferences(Map<String, Object> template) {
        Set<String> params = section(template, "Parameters").keySet();
        Set<String> resources = section(template, "Resources").keySet();
        Set<String> conditions = section(template, "Conditions").keySet();
        List<String> problems = new ArrayList<>();
        for (String part : List.of("Conditions", "Resources", "Outputs")) {
            section(template, part)
                    .forEach(
                            (name, body) -> {
                                String where = part + "/" + name;
                                if (body instanceof Map) {
                                    Object cond = ((Map<?, ?>) body).get("Condition");
                                    if (cond instanceof String
                                            && !part.equals("Conditions")
                                            && !conditions.contains(cond)) {
                                        problems.add(
                                                where + ": Condition " + cond + " is not defined");
                                    }
                                }
                                walk(
                                        body,
                                        where,
                                        params,
                                        resources,
                                        conditions,
                                        Map.of(),
                                        problems);
                            });
        }
        return problems;
    }

    private static void walk(
            Object node,
            String where,
            Set<String> params,
            Set<String> resources,
            Set<String> conditions,
            Map<?, ?> subVars,
            List<String> problems) {
        if (node instanceof List) {
            for (Object item : (List<?>) node)
                walk(item, where, params, resources, conditions, subVars, problems);
            return;
        }
        if (!(node instanceof Map)) return;
        Map<?, ?> map = (Map<?, ?>) node;
        if (map.size() == 1) {
            Map.Entry<?, ?> e = map.entrySet().iterator().next();
            Object fn = e.getKey();
            Object arg = e.getValue();
            if ("Ref".equals(fn)) {
                if (!params.contains(arg)
                        && !resources.contains(arg)
                        && !PSEUDO_PARAMETERS.contains(arg)) {
                    problems.add(where + ": Ref " + arg + " is neither a parameter nor a resource");
                }
                return;
            }
            if ("Fn::GetAtt".equals(fn)) {
                Object target =
                        arg instanceof List
                                ? ((List<?>) arg).get(0)
                                : String.valueOf(arg).split("\\.")[0];
                if (!resources.contains(target))
                    problems.add(where + ": GetAtt " + target + " is not a resource");
                return;
            }
            if ("Condition".equals(fn) && arg instanceof String) {
                if (!conditions.contains(arg))
                    problems.add(where + ": Condition " + arg + " is not defined");
                return;
            }
            if ("Fn::If".equals(fn) && arg instanceof List && !((List<?>) arg).isEmpty()) {
                Object cond = ((List<?>) arg).get(0);
                if (!conditions.contains(cond))
                    problems.add(where + ": If on undefined condition " + cond);
                List<?> branches = ((List<?>) arg).subList(1, ((List<?>) arg).size());
                walk(branches, where, params, resources, conditions, subVars, problems);
                return;
            }
            if ("Fn::Sub".equals(fn)) {
                String text;
                Map<?, ?> vars = Map.of();
                if (arg instanceof List) {
                    text = String.valueOf(((List<?>) arg).get(0));
                    vars = (Map<?, ?>) ((List<?>) arg).get(1);
                    walk(vars, where, params, resources, conditions, subVars, problems);
                } else {
                    text = String.valueOf(arg);
                }
                Matcher m = SUB_VARIABLE.matcher(text);
                while (m.find()) {
                    String var = m.group(1);
                    if (var.startsWith("!")) continue; // ${!literal}
                    String head =
                            var.contains(".") && !var.startsWith("AWS::")
                                    ? var.substring(0, var.indexOf('.'))
                                    : var;
                    boolean ok =
                            vars.containsKey(var)
                                    || PSEUDO_PARAMETERS.contains(var)
                                    || (var.contains(".")
                                            ? resources.contains(head)
                                            : params.contains(var) || resources.contains(var));
                    if (!ok)
                        problems.add(where + ": Sub variable ${" + var + "} resolves to nothing");
                }
                return;
            }
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            walk(
                    e.getValue(),
                    where + "/" + e.getKey(),
                    params,
                    resources,
                    conditions,
                    subVars,
                    problems);
        }
    }

    // ------------------------------------------------------------------------------------------
    // IAM

    /** Allow statements of identity policies that use wildcards where something narrower exists. */
    static List<String> iamWildcardProblems(Map<String, Object> template) {
        List<String> problems = new ArrayList<>();
        identityStatements(template)
                .forEach(
                        (where, st) -> {
                            if (st.containsKey("NotAction") || st.containsKey("NotResource")) {
                                problems.add(
                                        where
                                                + ": NotAction/NotResource allow more than they name");
                            }
                            if (!"Allow".equals(st.get("Effect"))) return;
                            List<Object> actions = asList(st.get("Action"));
                            for (Object a : actions) {
                                if (String.valueOf(a).contains("*"))
                                    problems.add(where + ": wildcard action " + a);
                            }
                            for (Object r : asList(st.get("Resource"))) {
                                if (!"*".equals(r)) continue;
                                boolean noResourceLevel =
                                        !actions.isEmpty()
                                                && actions.stream()
                                                        .allMatch(
                                                                ACTIONS_WITHOUT_RESOURCE_LEVEL
                                                                        ::contains);
                                if (!noResourceLevel) {
                                    problems.add(
                                            where
                                                    + ": Resource * for "
                                                    + actions
                                                    + ", which can be scoped");
                                } else if (!st.containsKey("Condition")) {
                                    problems.add(
                                            where
                                                    + ": Resource * for "
                                                    + actions
                                                    + " without a Condition");
                                }
                            }
                        });
        return problems;
    }

    /** Every statement of every role and policy resource, both branches of an If included. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> identityStatements(Map<String, Object> template) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        section(template, "Resources")
                .forEach(
                        (name, body) -> {
                            Map<String, Object> res = (Map<String, Object>) body;
                            Map<String, Object> props =
                                    (Map<String, Object>) res.getOrDefault("Properties", Map.of());
                            List<Object> docs = new ArrayList<>();
                            String type = String.valueOf(res.get("Type"));
                            if (type.equals("AWS::IAM::Role")) {
                                for (Object p : asList(props.get("Policies")))
                                    docs.add(((Map<String, Object>) p).get("PolicyDocument"));
                            } else if (type.equals("AWS::IAM::Policy")
                                    || type.equals("AWS::IAM::ManagedPolicy")) {
                                docs.add(props.get("PolicyDocument"));
                            }
                            int i = 0;
                            for (Object doc : docs) {
                                for (Object st :
                                        asList(((Map<String, Object>) doc).get("Statement"))) {
                                    for (Object branch : branches(st)) {
                                        out.put(
                                                name + "/statement " + i++ + sid(branch),
                                                (Map<String, Object>) branch);
                                    }
                                }
                            }
                        });
        return out;
    }

    private static String sid(Object statement) {
        Object sid = ((Map<?, ?>) statement).get("Sid");
        return sid == null ? "" : " (" + sid + ")";
    }

    /** A value, or both branches of an Fn::If, leaving out AWS::NoValue. */
    static List<Object> branches(Object value) {
        List<Object> out = new ArrayList<>();
        if (value instanceof Map
                && ((Map<?, ?>) value).containsKey("Fn::If")
                && ((Map<?, ?>) value).size() == 1) {
            List<?> args = (List<?>) ((Map<?, ?>) value).get("Fn::If");
            for (Object b : args.subList(1, args.size())) out.addAll(branches(b));
        } else if (!(value instanceof Map
                && "AWS::NoValue".equals(((Map<?, ?>) value).get("Ref")))) {
            out.add(value);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Application property groups

    /** {@code group.key} to its value expression, for every key of every property group. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> applicationProperties(Map<String, Object> template) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object body : section(template, "Resources").values()) {
            Map<String, Object> res = (Map<String, Object>) body;
            if (!"AWS::KinesisAnalyticsV2::Application".equals(res.get("Type"))) continue;
            Map<String, Object> env =
                    (Map<String, Object>)
                            path(
                                    res,
                                    "Properties",
                                    "ApplicationConfiguration",
                                    "EnvironmentProperties");
            for (Object g : asList(env.get("PropertyGroups"))) {
                Map<String, Object> group = (Map<String, Object>) g;
                ((Map<String, Object>) group.get("PropertyMap"))
                        .forEach((k, v) -> out.put(group.get("PropertyGroupId") + "." + k, v));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> template, String name) {
        return (Map<String, Object>) template.getOrDefault(name, Map.of());
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> map, String... keys) {
        Object node = map;
        for (String k : keys) {
            if (!(node instanceof Map))
                throw new IllegalArgumentException("no " + String.join("/", keys));
            node = ((Map<String, Object>) node).get(k);
        }
        return node;
    }

    static List<Object> asList(Object value) {
        if (value == null) return List.of();
        if (value instanceof List) return new ArrayList<>((List<?>) value);
        return List.of(value);
    }
}
