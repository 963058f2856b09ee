package io.odoobackup.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private final AlertRules rules = new AlertRules(new ObjectMapper());

    @Test
    void countsStayWholeAndDurationsMayBeFractions() throws Exception {
        // the conditions cast counts to integer: "2.0" would stop every evaluation
        assertThat(rules.read("{\"failures_in_a_row\":2,\"quota_percent\":80,\"no_backup_hours\":1.5}", "org-a"))
                .isEqualTo("{\"failures_in_a_row\":2,\"quota_percent\":80,\"no_backup_hours\":1.5}");
        assertThat(rules.read("{\"records_unready\":false,\"outbox_stalled_minutes\":0.5}", "platform"))
                .isEqualTo("{\"records_unready\":false,\"outbox_stalled_minutes\":0.5}");
        assertThat(rules.read("{\"failures_in_a_row\":null,\"backup_failed\":false}", "org-a"))
                .isEqualTo("{\"failures_in_a_row\":false,\"backup_failed\":false}");
    }

    @Test
    void eachScopeHasItsOwnRulesAndRangesAreKept() {
        assertThatThrownBy(() -> rules.read("{\"docker_host_down\":false}", "org-a")).isInstanceOf(Problem.class)
                .hasMessageContaining("Unknown rule 'docker_host_down'");
        assertThatThrownBy(() -> rules.read("{\"backup_failed\":true}", "platform")).isInstanceOf(Problem.class)
                .hasMessageContaining("records_unready");
        assertThatThrownBy(() -> rules.read("{\"failures_in_a_row\":0}", "org-a")).isInstanceOf(Problem.class);
        assertThatThrownBy(() -> rules.read("{\"quota_percent\":101}", "org-a")).isInstanceOf(Problem.class);
        assertThatThrownBy(() -> rules.read("{\"backup_failed\":1}", "org-a")).isInstanceOf(Problem.class);
        assertThatThrownBy(() -> rules.read("[]", "org-a")).isInstanceOf(Problem.class);
    }

    @Test
    void anEnvironmentsOverridesGoOverItsOrganizationsOverTheDefaults() throws Exception {
        Map<String, Object> view = rules.view("environment:e1", "org-a",
                Map.of("organization", "{\"failures_in_a_row\":3,\"no_backup_hours\":12}", "own", "{\"no_backup_hours\":48}"));
        assertThat(view).containsEntry("failures_in_a_row", 3).containsEntry("no_backup_hours", 48).containsEntry("backup_failed", true);
        assertThat(rules.view("platform", "platform", null)).isEqualTo(AlertRules.PLATFORM);
    }
}
