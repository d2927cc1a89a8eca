package dev.streamlake.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A CloudFormation YAML template as plain maps, lists and strings, short-form intrinsics ({@code
 * !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) turned into their long form ({@code {Ref: X}},
 * {@code {Fn::GetAtt: [A, B]}}, {@code {Fn::Sub: ...}}), as CloudFormation reads them. Every scalar
 * stays a string.
 */
final class CfnTemplate {
    private CfnTemplate() {}

    static Map<String, Object> load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String yaml) {
        Node root =
                new Compose(LoadSettings.builder().build())
                        .composeString(yaml)
                        .orElseThrow(() -> new IllegalArgumentException("empty template"));
        return (Map<String, Object>) convert(root);
    }

    private static Object convert(Node node) {
        Object value;
        if (node instanceof ScalarNode) {
            value = ((ScalarNode) node).getValue();
        } else if (node instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (Node item : ((SequenceNode) node).getValue()) list.add(convert(item));
            value = list;
        } else {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                map.put(((ScalarNode) t.getKeyNode()).getValue(), convert(t.getValueNode()));
            }
            value = map;
        }
        String tag = node.getTag().getValue();
        if (!tag.startsWith("!")) return value;
        String name = tag.substring(1);
        switch (name) {
            case "Ref":
                return Map.of("Ref", value);
            case "Condition":
                return Map.of("Condition", value);
            case "GetAtt":
                if (value instanceof String) {
                    String s = (String) value;
                    int dot = s.indexOf('.');
                    return Map.of("Fn::GetAtt", List.of(s.substring(0, dot), s.substring(dot + 1)));
                }
                return Map.of("Fn::GetAtt", value);
            default:
                return Map.of("Fn::" + name, value);
        }
    }
}
