using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary>scripts/start.sh, the start menu in bash (the scenarios are in <see cref="StartScriptTests"/>).</summary>
public sealed class StartShTests : StartScriptTests
{
    protected override string[] Script => [Path.Combine(RepositoryPaths.Root, "scripts", "start.sh")];

    protected override string Self => "scripts/start.sh";

    [Fact]
    public void Item_4_runs_the_health_check_and_exits_with_its_code() => HealthCheckPassesAndFailsWithTheExitCodeOfHealth();

    [Fact]
    public void Item_3_trains_a_checkpoint_and_item_5_lists_the_run_and_the_tensorboard_command() => TrainingWritesACheckpointAndTheRunsItemListsItWithTheTensorBoardCommand();

    [Fact]
    public void Item_2_serves_until_sigterm_then_reports_the_bridge_stopped_and_frees_the_port() => TheBridgeServesUntilSigtermThenStopsAndFreesItsPort();

    [Fact]
    public void Item_1_trains_on_its_bridge_workers_to_the_end_and_then_stops_them() => TheFullSystemTrainsOnItsBridgeWorkersAndStopsThem();

    [Fact]
    public void Item_1_does_not_start_training_when_the_bridge_port_is_taken() => TheFullSystemDoesNotTrainWhenItsBridgePortIsTaken();

    [Fact]
    public void Item_1_stops_training_with_a_checkpoint_when_its_bridge_worker_dies() => ABridgeThatDiesMidRunStopsTheTrainingWithACheckpoint();

    [Fact]
    public void The_menu_says_an_invalid_answer_is_invalid_and_ends_on_6_or_end_of_input() => TheMenuSaysAnInvalidAnswerIsInvalidAndEndsOnExitOrEndOfInput();

    [Fact]
    public void Sigterm_during_item_3_saves_a_checkpoint_exits_130_and_the_run_resumes() => SigtermDuringTrainingSavesACheckpointExits130AndTheRunResumes();
}
