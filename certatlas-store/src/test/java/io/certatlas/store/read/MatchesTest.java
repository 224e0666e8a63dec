package io.certatlas.store.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MatchesTest {

    @Test
    void matchesAreLookedForAmongTheFirstCandidatesOnlyWhenPlentyAreExpectedThere() {
        // A tenth of 200,000 visible: 400 expected among 4,000 candidates, enough for a first page of 200.
        assertThat(new Matches(20_000, OptionalLong.of(200_000)).plentyAmong(4_000, 200)).isTrue();
        assertThat(new Matches(19_999, OptionalLong.of(200_000)).plentyAmong(4_000, 200)).isFalse();
        assertThat(new Matches(0, OptionalLong.of(0)).plentyAmong(4_000, 200)).isFalse();
        assertThat(new Matches(7, OptionalLong.empty()).plentyAmong(4_000, 200)).isTrue();
    }

    @Test
    void moreMatchesThanVisibleCertificatesIsAMistake() {
        assertThatThrownBy(() -> new Matches(5, OptionalLong.of(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Matches(-1, OptionalLong.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
