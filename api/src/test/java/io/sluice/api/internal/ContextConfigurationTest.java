package io.sluice.api.internal;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.PipelineOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContextConfigurationTest {

    private Configuration before;

    @BeforeEach
    void remember() {
        before = ContextConfiguration.get();
    }

    @AfterEach
    void restore() {
        ContextConfiguration.set(before);
    }

    @Test
    void shouldStartEveryEnvironmentFromTheLauncherSettings() {
        ContextConfiguration.set(new Configuration().set("pipeline.max-parallelism", "64")
                .set("pipeline.name", "from-launcher"));

        StreamEnvironment plain = StreamEnvironment.create();
        StreamEnvironment overridden = StreamEnvironment.create(new Configuration()
                .set(PipelineOptions.JOB_NAME, "from-code"));

        assertThat(plain.maxParallelism()).isEqualTo(64);
        assertThat(plain.config().get(PipelineOptions.JOB_NAME)).isEqualTo("from-launcher");
        assertThat(overridden.maxParallelism()).isEqualTo(64);
        assertThat(overridden.config().get(PipelineOptions.JOB_NAME)).isEqualTo("from-code");
    }

    @Test
    void shouldNotLetAnEnvironmentChangeTheLauncherSettings() {
        Configuration launcher = new Configuration().set(PipelineOptions.MAX_PARALLELISM, 32);
        ContextConfiguration.set(launcher);

        StreamEnvironment.create().setMaxParallelism(8).setParallelism(3);

        assertThat(launcher.toMap()).containsOnlyKeys("pipeline.max-parallelism");
        assertThat(launcher.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(32);
        assertThat(StreamEnvironment.create().maxParallelism()).isEqualTo(32);
    }
}
