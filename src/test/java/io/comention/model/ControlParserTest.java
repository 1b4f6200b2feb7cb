package io.comention.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlParserTest {

    /** The bundled counts' limits: sizes 2 to 3, horizons 15m, 1h and 24h, counts remembered 7d past the longest. */
    static final RuleLimits LIMITS = new RuleLimits(
            2, 3, List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(24)), Duration.ofDays(8));

    static ControlMessage parse(String json) {
        return ControlParser.parse(json.getBytes(StandardCharsets.UTF_8), LIMITS);
    }

    @Test
    void readsEachActionAndWritesItBack() {
        List<String> messages = List.of(
                "{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"US\",\"AF\"],\"horizon\":\"1h\",\"threshold\":3}}",
                "{\"action\":\"upsert_watchlist\",\"watchlist\":{\"id\":\"w\",\"entities\":[\"IR\",\"SA\",\"US\"],\"lookback\":\"7d\"}}",
                "{\"action\":\"upsert_entity\",\"entity\":{\"id\":\"org:x\",\"type\":\"organization\",\"name\":\"X Corp\",\"aliases\":[\"X Corporation\"],\"case_sensitive_aliases\":[\"XC\"]}}",
                "{\"action\":\"delete_rule\",\"id\":\"r\"}",
                "{\"action\":\"delete_entity\",\"id\":\"org:x\"}");
        for (String json : messages) {
            ControlMessage m = parse(json);
            assertThat(ControlParser.parse(ControlParser.write(m), LIMITS))
                    .as(json)
                    .isEqualTo(m);
        }
        ControlMessage rule = parse(messages.get(0));
        assertThat(rule.entities()).containsExactly("AF", "US");
        assertThat(rule.horizonMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(rule.stateKey()).isEqualTo("rule:r");
        assertThat(parse(messages.get(2)).entityType()).isEqualTo(EntityType.ORGANIZATION);
        assertThat(parse(messages.get(2)).stateKey()).isEqualTo("entity:org:x");
    }

    @Test
    void refusesBrokenMessagesSayingWhy() {
        assertThatThrownBy(() -> parse("{\"action\":\"upsert_rule\"}"))
                .hasMessageContaining("field 'rule' must be an object");
        assertThatThrownBy(() -> parse("{\"action\":\"launch\"}"))
                .hasMessageContaining("field 'action' must be one of");
        assertThatThrownBy(
                        () -> parse(
                                "{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"AF\"],\"horizon\":\"1h\",\"threshold\":3}}"))
                .hasMessage("rule.entities: must name 2 to 3 distinct entity ids, was [AF]");
        assertThatThrownBy(
                        () -> parse(
                                "{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"AF\",\"PK\"],\"horizon\":\"2h\",\"threshold\":3}}"))
                .hasMessage("rule.horizon: 2h is not one of counts.horizons [15m, 1h, 24h]");
        assertThatThrownBy(
                        () -> parse(
                                "{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"AF\",\"PK\"],\"horizon\":\"1h\"}}"))
                .hasMessage("rule.threshold: is required");
        assertThatThrownBy(
                        () -> parse(
                                "{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"AF\",\"PK\"],\"horizon\":\"1h\",\"threshold\":\"3\"}}"))
                .hasMessage("rule.threshold: must be a whole number, was '3'");
        assertThatThrownBy(
                        () -> parse(
                                "{\"action\":\"upsert_watchlist\",\"watchlist\":{\"id\":\"w\",\"entities\":[\"IR\",\"SA\"],\"lookback\":\"30d\"}}"))
                .hasMessage(
                        "watchlist.lookback: must not exceed counts.retention plus the longest horizon (8d): older meetings are forgotten");
        assertThatThrownBy(
                        () -> parse(
                                "{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"AF\",\"PK\"],\"horizon\":\"soon\",\"threshold\":3}}"))
                .hasMessageContaining("rule.horizon");
        assertThatThrownBy(() -> parse("{\"action\":\"delete_rule\"}")).hasMessageContaining("field 'id' is required");
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> parse(
                        "{\"action\":\"upsert_entity\",\"entity\":{\"id\":\"x\",\"type\":\"PLANET\",\"name\":\"X\"}}"))
                .hasMessageContaining("entity.type must be");
    }
}
