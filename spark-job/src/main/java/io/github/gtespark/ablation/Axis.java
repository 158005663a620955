package io.github.gtespark.ablation;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;

/**
 * One axis of a grid: a key and the values it takes besides the baseline's.
 *
 * @param name   short label used in cell ids and the table (defaults to the key's last part)
 * @param key    the key as written in the grid ({@code train.loss}, {@code pretrain:alpha}, {@code stages})
 * @param scope  the stage the key is restricted to ({@code pretrain:} / {@code finetune:} prefix), or null: every stage
 * @param target what the key configures
 * @param path   the key without its scope prefix
 * @param values the values, in grid order
 */
public record Axis(String name, String key, String scope, Target target, String path, List<ConfigValue> values) {

    /** What an axis key configures. */
    public enum Target {
        /** {@code stages}: the list of stages a cell runs */
        STAGES,
        /** a training-stage key (stage-defaults.conf) */
        STAGE,
        /** a corpus-preparation key (prepare-corpus-defaults.conf) */
        CORPUS,
        /**
         * {@code budget.<stage>-pairs}: the pairs that stage trains on (its scope is that stage); to compare epochs or
         * steps, the one axis whose cells do not share the grid's budget
         */
        BUDGET
    }

    /** Whether this axis applies to {@code stage} (its scope, or every stage). */
    public boolean appliesTo(String stage) {
        return scope == null || scope.equals(stage);
    }

    /** A value as text: strings bare, everything else in concise HOCON ({@code [finetune]}, {@code 0.5}). */
    public static String text(ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING) {
            return String.valueOf(v.unwrapped());
        }
        if (v.valueType() == ConfigValueType.LIST) {
            List<?> items = (List<?>) v.unwrapped();
            return "[" + String.join(",", items.stream().map(String::valueOf).toList()) + "]";
        }
        return v.render(ConfigRenderOptions.concise());
    }

    /** Two values are the same setting when their texts are (1 and 1.0 are not; write values as the baseline does). */
    public static boolean same(ConfigValue a, ConfigValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.valueType() == ConfigValueType.NUMBER && b.valueType() == ConfigValueType.NUMBER) {
            return ((Number) a.unwrapped()).doubleValue() == ((Number) b.unwrapped()).doubleValue();
        }
        return text(a).equals(text(b));
    }
}
