package io.odoobackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress plans: every point the routes enter exists, and the streaming ranges join the points around them. */
class ProgressPlanTest {

    private static final Pattern ENTER = Pattern.compile("enter\\(\\$\\{exchangeProperty\\.(job|restore)}, '([a-z-]+)'");

    @Test
    void everyPointTheRoutesEnterIsInItsKindsPlan() throws IOException {
        int entered = 0;
        for (String file : new String[] {"backup-pipeline.yaml", "restore.yaml"}) {
            Matcher enter = ENTER.matcher(Files.readString(Path.of("src/main/resources/routes", file)));
            while (enter.find()) {
                ProgressPlan plan = enter.group(1).equals("job") ? ProgressPlan.BACKUP : ProgressPlan.RESTORE;
                assertThat(plan.point(enter.group(2))).as(file + ": " + enter.group(2)).isNotNull();
                entered++;
            }
        }
        assertThat(entered).isGreaterThan(15);
        assertThatThrownBy(() -> ProgressPlan.BACKUP.point("nowhere")).hasMessageContaining("no point nowhere");
    }

    @Test
    void theRangesJoinThePointsAroundThem() {
        assertThat(ProgressPlan.BACKUP_DATA.from()).isEqualTo(ProgressPlan.BACKUP.point("initialized").progress());
        assertThat(ProgressPlan.BACKUP_DATA.to()).isEqualTo(ProgressPlan.BACKUP.point("manifest").progress());
        assertThat(ProgressPlan.BACKUP_PACKAGING.from()).isEqualTo(ProgressPlan.BACKUP.point("packaging").progress());
        assertThat(ProgressPlan.BACKUP_PACKAGING.to()).isEqualTo(ProgressPlan.BACKUP.point("uploading").progress());
        assertThat(ProgressPlan.BACKUP_COPYING.from()).isEqualTo(ProgressPlan.BACKUP.point("copying").progress());
        assertThat(ProgressPlan.BACKUP_COPYING.to()).isEqualTo(ProgressPlan.BACKUP.point("verifying-copy").progress());
        assertThat(ProgressPlan.RESTORE_FETCHING.from()).isEqualTo(ProgressPlan.RESTORE.point("fetching").progress());
        assertThat(ProgressPlan.RESTORE_FETCHING.to()).isEqualTo(ProgressPlan.RESTORE.point("checking").progress());
        assertThat(ProgressPlan.RESTORE_DATA.to()).isEqualTo(ProgressPlan.RESTORE.point("swapping").progress());
        assertThat(ProgressPlan.BACKUP_PACKAGING.at(50, 100)).isEqualTo(75);
        assertThat(ProgressPlan.BACKUP_PACKAGING.at(500, 100)).as("never past its end").isEqualTo(80);
        assertThat(ProgressPlan.BACKUP_PACKAGING.at(50, 0)).as("an unknown total").isEqualTo(70);
    }
}
