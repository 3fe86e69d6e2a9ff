package dev.cd4ml.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cd4ml.cli.Approval;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Release;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The approver on record comes from the approval stage, never from a later stage's "changes". */
class ApprovalCommandTest {
  static final Release RELEASE = new Release("abc123", "credit", "v", "credit-risk", 4, Map.of(), "run", "cart", Map.of(),
      42L, "cd4ml-model/3");

  @Test
  void theApprovalStageRecordsItsTriggerUser() {
    Approval a = ApprovalCommand.record(Map.of("GO_TRIGGER_USER", "alice", "GO_PIPELINE_NAME", "cd4ml-production",
        "GO_PIPELINE_COUNTER", "9", "GO_STAGE_NAME", "approve"), RELEASE, Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(a).isEqualTo(new Approval("alice", "cd4ml-production", "9", "approve", "credit-risk", 4,
        "2026-12-01T10:00:00Z"));
  }

  @Test
  void aStageGocdStartedItselfHasNoApproverToRecord() {
    assertThatThrownBy(() -> ApprovalCommand.record(Map.of("GO_TRIGGER_USER", "changes"), RELEASE, Instant.now()))
        .isInstanceOf(CliFailure.class).hasMessageContaining("stage that carries the manual approval");
    assertThatThrownBy(() -> ApprovalCommand.record(Map.of(), RELEASE, Instant.now())).isInstanceOf(CliFailure.class);
  }

  @Test
  void theProductionPromotionNamesTheRecordedApprover() {
    Approval a = new Approval("alice", "cd4ml-production", "9", "approve", "credit-risk", 4, "2026-12-01T10:00:00Z");
    // In the promote stage GoCD's trigger user is "changes"; the record names alice.
    assertThat(PromoteCommand.reason(RELEASE, a, "production", "cd4ml-production/9", "changes"))
        .isEqualTo("pipeline cd4ml-production/9, approved by alice (cd4ml-production/9 stage approve)");
  }

  @Test
  void aProductionPromotionWithoutAnApproverOnRecordIsRefused() {
    assertThatThrownBy(() -> PromoteCommand.reason(RELEASE, null, "production", "cd4ml-production/9", "changes"))
        .isInstanceOf(CliFailure.class).hasMessageContaining("--approval");
    // Staging needs no approval; a person running the CLI by hand is named.
    assertThat(PromoteCommand.reason(RELEASE, null, "staging", "cd4ml-test/2", "changes")).isEqualTo("pipeline cd4ml-test/2, by changes");
    assertThat(PromoteCommand.reason(RELEASE, null, "production", "manual", "carol")).isEqualTo("pipeline manual, by carol");
  }

  @Test
  void enteringTheCanaryNeedsTheApproverOnRecordToo() {
    assertThatThrownBy(() -> PromoteCommand.reason(RELEASE, null, "canary", "cd4ml-production/9", "changes"))
        .isInstanceOf(CliFailure.class).hasMessageContaining("no approver on record for canary");
    Approval a = new Approval("alice", "cd4ml-production", "9", "approve", "credit-risk", 4, "2026-12-01T10:00:00Z");
    assertThat(PromoteCommand.reason(RELEASE, a, "canary", "cd4ml-production/9", "changes")).contains("approved by alice");
  }

  @Test
  void anApprovalOfAnotherVersionIsNotReused() {
    Approval other = new Approval("alice", "cd4ml-production", "8", "approve", "credit-risk", 3, "2026-12-01T09:00:00Z");
    assertThatThrownBy(() -> PromoteCommand.reason(RELEASE, other, "production", "cd4ml-production/9", "changes"))
        .isInstanceOf(CliFailure.class).hasMessageContaining("v3");
  }
}
