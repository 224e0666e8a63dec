package io.certatlas.store.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class MatchesTest {

    private static final Condition ANY = DSL.noCondition();

    @Test
    void matchesAreLookedForAmongTheFirstCandidatesOnlyWhenPlentyAreExpectedThere() {
        // A tenth of 200,000 visible: 400 expected among 4,000 candidates, enough for a first page of 200.
        assertThat(new Matches(ANY, 20_000, OptionalLong.of(200_000)).plentyAmong(4_000, 200)).isTrue();
        assertThat(new Matches(ANY, 19_999, OptionalLong.of(200_000)).plentyAmong(4_000, 200)).isFalse();
        assertThat(new Matches(ANY, 0, OptionalLong.of(0)).plentyAmong(4_000, 200)).isFalse();
        assertThat(new Matches(ANY, 7, OptionalLong.empty()).plentyAmong(4_000, 200)).isTrue();
    }

    @Test
    void moreMatchesThanVisibleCertificatesIsAMistake() {
        assertThatThrownBy(() -> new Matches(ANY, 5, OptionalLong.of(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Matches(ANY, -1, OptionalLong.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
