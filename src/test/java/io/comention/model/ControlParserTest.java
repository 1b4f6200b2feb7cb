package io.comention.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlParserTest {

    static ControlMessage parse(String json) {
        return ControlParser.parse(json.getBytes(StandardCharsets.UTF_8));
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
            assertThat(ControlParser.parse(ControlParser.write(m))).as(json).isEqualTo(m);
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
        assertThatThrownBy(() -> parse("{\"action\":\"upsert_rule\"}")).hasMessageContaining("field 'rule' must be an object");
        assertThatThrownBy(() -> parse("{\"action\":\"launch\"}")).hasMessageContaining("field 'action' must be one of");
        assertThatThrownBy(() -> parse("{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"AF\"],\"horizon\":\"1h\",\"threshold\":3}}"))
                .hasMessageContaining("must name 2 to 3 distinct entity ids");
        assertThatThrownBy(() -> parse("{\"action\":\"upsert_rule\",\"rule\":{\"id\":\"r\",\"entities\":[\"AF\",\"PK\"],\"horizon\":\"soon\",\"threshold\":3}}"))
                .hasMessageContaining("rule.horizon");
        assertThatThrownBy(() -> parse("{\"action\":\"delete_rule\"}")).hasMessageContaining("field 'id' is required");
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> parse("{\"action\":\"upsert_entity\",\"entity\":{\"id\":\"x\",\"type\":\"PLANET\",\"name\":\"X\"}}"))
                .hasMessageContaining("entity.type must be");
    }
}
