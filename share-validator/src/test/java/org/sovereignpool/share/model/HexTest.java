package org.sovereignpool.share.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sovereignpool.share.validate.ShareSubmission;

/** Hex takes ASCII hex digits only: Character.digit would also take other scripts' digits and full-width letters. */
class HexTest {

    @Test
    void everyCharOutsideAsciiHexIsNotADigit() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            int expected = "0123456789abcdef".indexOf(Character.toLowerCase(c));
            boolean ascii = c < 128 && expected >= 0;
            assertThat(Hex.digit(c)).as("U+%04X", (int) c).isEqualTo(ascii ? expected : -1);
        }
    }

    @Test
    void unicodeDigitsAreRejectedInEveryDecoder() {
        String arabicIndic = "\u0660\u0661\u0662\u0663"; // Character.digit(c, 16) gives 0, 1, 2, 3
        String fullWidth = "\uff10\uff11\uff41\uff42";
        assertThat(Hex.parseUint32(arabicIndic)).isEqualTo(-1);
        assertThat(Hex.parseUint32(fullWidth)).isEqualTo(-1);
        assertThat(Hex.parseUint32("0123abCD")).isEqualTo(0x0123abcdL);
        assertThatThrownBy(() -> Hex.decode(arabicIndic)).hasMessageStartingWith("not a hex digit at position 0");
        assertThatThrownBy(() -> ShareSubmission.fromStratum(fullWidth + fullWidth, "00000000", "00000000", null))
                .hasMessageStartingWith("extranonce2 is not hex");
        assertThatThrownBy(() -> ShareSubmission.fromStratum("00000000", arabicIndic + arabicIndic, "00000000", null))
                .hasMessageStartingWith("ntime must be 8 hex digits");
    }
}
