using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary>
/// scripts/start.ps1, the start menu in PowerShell 7, on the same scenarios as <see cref="StartShTests"/> (in
/// <see cref="StartScriptTests"/>); skipped, saying why, where <see cref="PowerShellTool"/> finds no pwsh.
/// </summary>
public sealed class StartPs1Tests : StartScriptTests
{
    protected override string[] Script => [.. PowerShellTool.Command!, "-NoProfile", "-File", Path.Combine(RepositoryPaths.Root, "scripts", "start.ps1")];

    protected override string Self => "pwsh scripts/start.ps1";

    [PwshFact]
    public void Item_4_runs_the_health_check_and_exits_with_its_code() => HealthCheckPassesAndFailsWithTheExitCodeOfHealth();

    [PwshFact]
    public void Item_3_trains_a_checkpoint_and_item_5_lists_the_run_and_the_tensorboard_command() => TrainingWritesACheckpointAndTheRunsItemListsItWithTheTensorBoardCommand();

    [PwshFact]
    public void Item_2_serves_until_sigterm_then_reports_the_bridge_stopped_and_frees_the_port() => TheBridgeServesUntilSigtermThenStopsAndFreesItsPort();

    [PwshFact]
    public void Item_1_trains_on_its_bridge_workers_to_the_end_and_then_stops_them() => TheFullSystemTrainsOnItsBridgeWorkersAndStopsThem();

    [PwshFact]
    public void Item_1_does_not_start_training_when_the_bridge_port_is_taken() => TheFullSystemDoesNotTrainWhenItsBridgePortIsTaken();

    [PwshFact]
    public void Item_1_stops_training_with_a_checkpoint_when_its_bridge_worker_dies() => ABridgeThatDiesMidRunStopsTheTrainingWithACheckpoint();

    [PwshFact]
    public void The_menu_says_an_invalid_answer_is_invalid_and_ends_on_6_or_end_of_input() => TheMenuSaysAnInvalidAnswerIsInvalidAndEndsOnExitOrEndOfInput();

    [PwshFact]
    public void Sigterm_during_item_3_saves_a_checkpoint_exits_130_and_the_run_resumes() => SigtermDuringTrainingSavesACheckpointExits130AndTheRunResumes();
}
