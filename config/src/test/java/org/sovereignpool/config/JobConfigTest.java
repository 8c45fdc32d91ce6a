package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sovereignpool.config.Yaml.errors;
import static org.sovereignpool.config.Yaml.minimalWith;
import static org.sovereignpool.config.Yaml.parse;

import org.junit.jupiter.api.Test;

class JobConfigTest {

    @Test
    void absentSectionGivesTheEmptyJobOnANewBlock() {
        assertThat(parse(Yaml.MINIMAL).job()).isEqualTo(new JobConfig(true));
        assertThat(DemoConfig.load().job().emptyJobOnNewBlock()).isTrue();
    }

    @Test
    void theEmptyJobCanBeTurnedOff() {
        assertThat(parse(minimalWith("""
                        job:
                          emptyJobOnNewBlock: false
                        """)).job()).isEqualTo(new JobConfig(false));
    }

    @Test
    void badValuesNameTheKey() {
        assertThat(errors(minimalWith("""
                job:
                  emptyJobOnNewBlock: "no"
                  emptyJobOnNewBlok: false
                """)))
                .contains("job.emptyJobOnNewBlock: must be true or false, got \"no\"")
                .anySatisfy(line -> assertThat(line).startsWith("job.emptyJobOnNewBlok"));
    }
}
