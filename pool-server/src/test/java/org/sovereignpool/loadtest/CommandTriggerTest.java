package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandTriggerTest {

    @Test
    void reportsTheExitStatusAndTheOutputOfAFailure() {
        CommandTrigger t = new CommandTrigger("echo no such wallet >&2; exit 3", Duration.ofSeconds(30));
        assertThat(t.timed()).isTrue();
        t.fire();
        assertThat(t.outcome()).startsWith("exit 3, finished within").endsWith("; output: no such wallet");
        assertThat(t.succeeded()).isFalse();
    }

    @Test
    void aSuccessKeepsItsOutputOutOfTheReport() {
        CommandTrigger t = new CommandTrigger("echo 00000000abcdef", Duration.ofSeconds(30));
        t.fire();
        assertThat(t.outcome()).startsWith("exit 0, finished within").doesNotContain("abcdef");
        assertThat(t.succeeded()).isTrue();
    }

    @Test
    void aCommandThatHangsIsKilled() {
        CommandTrigger t = new CommandTrigger("echo started; exec sleep 30", Duration.ofMillis(300));
        t.fire();
        assertThat(t.outcome()).isEqualTo("still running after 0 s: killed; output: started");
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThatThrownBy(() -> new CommandTrigger(" ", Duration.ofSeconds(1)))
                .isInstanceOf(LoadtestException.class)
                .hasMessage("--trigger-command must not be empty");
    }
}
