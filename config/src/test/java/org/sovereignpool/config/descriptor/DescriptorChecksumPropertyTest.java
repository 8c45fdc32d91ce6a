package org.sovereignpool.config.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sovereignpool.config.descriptor.CoreFixtures.Kind;

/**
 * What BIP 380 promises of the checksum, checked on Core's four recorded descriptors: every single-character change
 * and every swap of two neighbouring characters is caught (exhaustively: BIP 380 guarantees up to 4 symbol errors in
 * descriptors of up to 507 characters, and the longest here has 353), and seeded random heavier damage is caught too.
 */
class DescriptorChecksumPropertyTest {
    /** Every character a descriptor may hold (BIP 380), plus a few it may not. */
    private static final String ALPHABET = "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~"
            + "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ \u00dc\n\t";

    /** BIP 380's own test vector. */
    @Test
    void bip380Vector() {
        assertThat(DescriptorChecksum.compute("raw(deadbeef)")).contains("89f8spxm");
        assertThat(DescriptorChecksum.verify("raw(deadbeef)#89f8spxm")).isEqualTo("raw(deadbeef)");
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(deedbeef)#89f8spxm"))
                .hasMessageStartingWith("Provided checksum '89f8spxm' does not match computed checksum '");
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(deedbeef)##9f8spxm"))
                .hasMessage("Multiple '#' symbols");
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(deadbeef)#89f8spx"))
                .hasMessage("Expected 8 character checksum, not 7 characters");
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(\u00dc)#00000000"))
                .hasMessage("Invalid characters in payload");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everySingleCharacterChangeIsCaught(Kind kind) {
        String good = kind.descriptor();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < good.length(); i++) {
            for (int a = 0; a < ALPHABET.length(); a++) {
                char c = ALPHABET.charAt(a);
                if (c != good.charAt(i)) {
                    changed.add(good.substring(0, i) + c + good.substring(i + 1));
                }
            }
        }
        assertThat(changed).hasSize(good.length() * (ALPHABET.length() - 1));
        assertAllRefused(changed);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everySwapOfNeighboursIsCaught(Kind kind) {
        String good = kind.descriptor();
        List<String> swapped = new ArrayList<>();
        for (int i = 0; i + 1 < good.length(); i++) {
            if (good.charAt(i) != good.charAt(i + 1)) {
                swapped.add(good.substring(0, i) + good.charAt(i + 1) + good.charAt(i) + good.substring(i + 2));
            }
        }
        assertThat(swapped).hasSizeGreaterThan(good.length() / 2);
        assertAllRefused(swapped);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyDeletedOrInsertedCharacterIsCaught(Kind kind) {
        String good = kind.descriptor();
        int hash = good.indexOf('#');
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < hash; i++) {
            changed.add(good.substring(0, i) + good.substring(i + 1));
            changed.add(good.substring(0, i) + 'q' + good.substring(i));
        }
        assertAllRefused(changed);
    }

    /** Several random changes at once: each caught with probability 1 - 2^-40; seeded, so the same cases each run. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void randomDamageIsCaught(Kind kind) {
        Random random = new Random(0x5eed_0380L + kind.ordinal());
        String good = kind.descriptor();
        List<String> damaged = new ArrayList<>();
        while (damaged.size() < 500) {
            char[] chars = good.toCharArray();
            int changes = 2 + random.nextInt(9);
            for (int j = 0; j < changes; j++) {
                chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length() - 3));
            }
            String s = new String(chars);
            if (!s.equals(good)) {
                damaged.add(s);
            }
        }
        assertAllRefused(damaged);
    }

    /** Each of {@code descriptors} fails {@link DescriptorChecksum#verify}; the ones that pass are listed. */
    private static void assertAllRefused(List<String> descriptors) {
        List<String> accepted = new ArrayList<>();
        for (String d : descriptors) {
            try {
                DescriptorChecksum.verify(d);
                accepted.add(d);
            } catch (DescriptorException expected) {
                // refused, as it must be
            }
        }
        assertThat(accepted).as("damaged descriptors the checksum accepted").isEmpty();
    }
}
