package io.sluice.api.config;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRegistryTest {

    /** Options of a module other than api, registered by that module. */
    public static final class ModuleOptions {
        public static final ConfigOption<Boolean> TRACE = ConfigOption.booleanOption("registry-test.trace", false,
                "registered by the test");
        public static final String NOT_AN_OPTION = "ignored";
    }

    @Test
    void shouldListEveryPipelineAndExecutionOptionAndFindEachByKey() throws IllegalAccessException {
        List<ConfigOption<?>> declared = new ArrayList<>();
        declared.addAll(optionsOf(PipelineOptions.class));
        declared.addAll(optionsOf(ExecutionOptions.class));

        assertThat(declared).hasSize(12);
        assertThat(ConfigRegistry.all()).containsAll(declared);
        for (ConfigOption<?> option : declared) {
            assertThat(ConfigRegistry.find(option.key())).isSameAs(option);
        }
        assertThat(ConfigRegistry.all()).extracting(ConfigOption::key).contains("pipeline.parallelism",
                "pipeline.max-parallelism", "pipeline.auto-watermark-interval", "pipeline.name", "execution.workers",
                "execution.idle-strategy", "execution.channel-capacity", "execution.batch-size",
                "execution.chain-specialization", "execution.chain-single-subtask-key-by", "execution.window-slicing",
                "execution.window-pre-aggregation");
    }

    @Test
    void shouldListOptionsSortedByKey() {
        List<String> keys = ConfigRegistry.all().stream().map(ConfigOption::key).toList();

        assertThat(keys).isSorted();
    }

    @Test
    void shouldFindNothingForAnUnknownKey() {
        assertThat(ConfigRegistry.find("execution.worker")).isNull();
    }

    @Test
    void shouldSuggestTheNearestKeyByEditDistance() {
        assertThat(ConfigRegistry.nearest("execution.worker")).isEqualTo("execution.workers");
        assertThat(ConfigRegistry.nearest("pipline.name")).isEqualTo("pipeline.name");
        assertThat(ConfigRegistry.nearest("execution.batchsize")).isEqualTo("execution.batch-size");
    }

    @Test
    void shouldComputeLevenshteinDistance() {
        assertThat(ConfigRegistry.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(ConfigRegistry.editDistance("", "abc")).isEqualTo(3);
        assertThat(ConfigRegistry.editDistance("abc", "")).isEqualTo(3);
        assertThat(ConfigRegistry.editDistance("same", "same")).isZero();
        assertThat(ConfigRegistry.editDistance("flaw", "lawn")).isEqualTo(2);
        assertThat(ConfigRegistry.editDistance("abxc", "abc")).isEqualTo(1);
        assertThat(ConfigRegistry.editDistance("abc", "abxc")).isEqualTo(1);
        assertThat(ConfigRegistry.editDistance("pipeline.nname", "pipeline.name")).isEqualTo(1);
    }

    @Test
    void shouldAcceptKeysOfARegisteredHolderClass() {
        ConfigRegistry.register(ModuleOptions.class);

        assertThat(ConfigRegistry.find("registry-test.trace")).isSameAs(ModuleOptions.TRACE);
        assertThat(new Configuration().set("registry-test.trace", "true").get(ModuleOptions.TRACE)).isTrue();
    }

    private static List<ConfigOption<?>> optionsOf(Class<?> holder) throws IllegalAccessException {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : holder.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                options.add((ConfigOption<?>) f.get(null));
            }
        }
        return options;
    }
}
