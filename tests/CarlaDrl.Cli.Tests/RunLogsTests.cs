using CarlaDrl.Cli.Commands;
using CarlaDrl.Cli.Training;

namespace CarlaDrl.Cli.Tests;

/// <summary><see cref="RunLogs"/>, <see cref="Series"/> and <see cref="LearningCurvePanel"/> on CSV files written here.</summary>
public sealed class RunLogsTests : IDisposable
{
    private const string EvaluationsHeader = "wall_time,step,episodes,route_completion,success_rate,collision_or_off_road_rate,off_route_rate,timeout_rate,collisions_per_km,off_road_per_km,other_lane_per_km,mean_speed,mean_return";

    private readonly string _run = Path.Combine(Path.GetTempPath(), $"carla-drl-runlogs-{Guid.NewGuid():N}", "seed7");

    public RunLogsTests() => Directory.CreateDirectory(_run);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    private static double[] Rounded(Series series) => [.. series.Values.Select(v => Math.Round(v, 9))];

    private void Write(string file, params string[] lines) => File.WriteAllText(Path.Combine(_run, file), string.Join('\n', lines) + "\n");

    [Fact]
    public void Episode_columns_are_found_by_name_whatever_their_order_and_the_reward_terms()
    {
        Write(RunLogs.EpisodesFile,
            "reward/speed_bonus,step,reason,extra,return,route_completion,wall_time",
            "0.5,128,off_road,x,-12.5,0.25,1.0",
            "0.7,256,route_completed,y,80,1,2.0");
        var logs = RunLogs.Read(_run);
        Assert.Equal("seed7", logs.Name);
        Assert.Equal([128.0, 256.0], logs.Episodes("return").Steps);
        Assert.Equal([-12.5, 80.0], logs.Episodes("return").Values);
        Assert.Equal([0.25, 1.0], logs.Episodes("route_completion").Values);
        Assert.Equal([0.5, 0.7], logs.Episodes("reward/speed_bonus").Values);
        Assert.True(logs.Episodes("reward/progress").IsEmpty); // a term this preset does not have
        Assert.Equal([0.0, 1.0], logs.EpisodesEndedBy("route_completed").Values);
    }

    [Fact]
    public void A_last_line_still_being_written_is_ignored_even_when_it_has_every_cell()
    {
        // "1.0,512,time/fps,42" may be the first bytes of "1.0,512,time/fps,427": without its newline it is not read.
        File.WriteAllText(Path.Combine(_run, RunLogs.MetricsFile), "wall_time,step,key,value\n1.0,256,time/fps,300\n1.0,512,time/fps,42");
        File.WriteAllText(Path.Combine(_run, RunLogs.EpisodesFile), "wall_time,step,episode,env,return,length,reason\n1.0,256,1,0,-3,40,collision\n1.0,512,2,1,7");
        var logs = RunLogs.Read(_run);
        Assert.Equal([256.0], logs.Metric("time/fps").Steps);
        Assert.Equal([300.0], logs.Metric("time/fps").Values);
        Assert.Equal([-3.0], logs.Episodes("return").Values);
    }

    [Fact]
    public void Rows_with_missing_or_extra_cells_and_empty_cells_are_skipped_not_read_as_zero()
    {
        Write(RunLogs.EpisodesFile,
            "step,return,reason,route_completion",
            "128,1,stuck,",
            "128,2,stuck",
            "256,3,stuck,0.5,surplus",
            "256,4,stuck,0.75");
        var logs = RunLogs.Read(_run);
        Assert.Equal([1.0, 4.0], logs.Episodes("return").Values);
        Assert.Equal([256.0], logs.Episodes("route_completion").Steps);
        Assert.Equal([0.75], logs.Episodes("route_completion").Values);
    }

    [Fact]
    public void A_run_with_only_evaluations_reads_empty_training_series()
    {
        Write(RunLogs.EvaluationsFile, EvaluationsHeader, "1.0,128,2,0.5,0.5,0.5,0,0,0,0,0,3.5,-4", "1.0,256,2,1,1,0,0,0,0,0,0,7,120");
        var logs = RunLogs.Read(_run);
        Assert.True(logs.Metric("time/fps").IsEmpty);
        Assert.True(logs.Episodes("return").IsEmpty);
        Assert.True(logs.EpisodesEndedBy("route_completed").IsEmpty);
        Assert.Equal([128.0, 256.0], logs.Evaluations("success_rate").Steps);
        Assert.Equal([-4.0, 120.0], logs.Evaluations("mean_return").Values);
    }

    [Fact]
    public void Header_only_files_are_runs_with_no_data_yet()
    {
        Write(RunLogs.EpisodesFile, "wall_time,step,episode,env,return,length,reason");
        File.WriteAllText(Path.Combine(_run, RunLogs.MetricsFile), "");
        var logs = RunLogs.Read(_run);
        Assert.True(logs.Episodes("return").IsEmpty);
        Assert.True(logs.Metric("time/fps").IsEmpty);
        Assert.All(LearningCurvePanel.All, p => Assert.True(p.Training(logs, 100).IsEmpty && p.HeldOut(logs).IsEmpty, p.Name));
    }

    [Fact]
    public void A_directory_without_logs_or_one_that_does_not_exist_is_no_run_and_the_error_names_it()
    {
        File.WriteAllText(Path.Combine(_run, "notes.txt"), "not a log");
        var none = Assert.Throws<FileNotFoundException>(() => RunLogs.Read(_run));
        Assert.Contains(_run, none.Message, StringComparison.Ordinal);
        Assert.Contains("metrics.csv, episodes.csv, evaluations.csv", none.Message, StringComparison.Ordinal);
        string missing = Path.Combine(_run, "nope");
        var absent = Assert.Throws<DirectoryNotFoundException>(() => RunLogs.Read(missing));
        Assert.Contains(missing, absent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_picks_one_key_in_logged_order()
    {
        Write(RunLogs.MetricsFile, "wall_time,step,key,value", "1,128,time/fps,100", "1,128,charts/SPS,90", "1,256,time/fps,110", "1,256,rollout/ep_rew_mean,-5");
        var logs = RunLogs.Read(_run);
        Assert.Equal([128.0, 256.0], logs.Metric("time/fps").Steps);
        Assert.Equal([100.0, 110.0], logs.Metric("time/fps").Values);
        Assert.Equal([90.0], logs.Metric("charts/SPS").Values);
    }

    [Fact]
    public void Rows_a_resumed_run_logs_again_replace_those_logged_after_its_checkpoint()
    {
        // killed after logging steps 128..384, resumed from the checkpoint at 128: 256 and 384 are logged again
        Write(RunLogs.MetricsFile, "wall_time,step,key,value", "1,128,time/fps,1", "1,256,time/fps,2", "1,384,time/fps,3", "2,256,time/fps,20", "2,384,time/fps,30", "2,512,time/fps,40");
        Write(RunLogs.EpisodesFile, "step,return,reason", "128,1,stuck", "256,2,stuck", "256,3,stuck", "384,4,stuck", "256,5,stuck", "256,6,stuck", "384,7,stuck");
        var logs = RunLogs.Read(_run);
        Assert.Equal([128.0, 256.0, 384.0, 512.0], logs.Metric("time/fps").Steps);
        Assert.Equal([1.0, 20.0, 30.0, 40.0], logs.Metric("time/fps").Values);
        Assert.Equal([128.0, 256.0, 256.0, 384.0], logs.Episodes("return").Steps);
        Assert.Equal([1.0, 5.0, 6.0, 7.0], logs.Episodes("return").Values);
    }

    [Fact]
    public void Moving_mean_averages_the_last_n_points_and_keeps_the_last_of_each_step()
    {
        var series = new Series([10, 10, 20, 30, 30, 30], [1, 3, 5, 7, 9, 11]);
        Series smoothed = series.MovingMean(3);
        // means after each point: 1, 2, 3, 5, 7, 9; step 10 ends at 2, step 20 at 3, step 30 at 9
        Assert.Equal([10.0, 20.0, 30.0], smoothed.Steps);
        Assert.Equal([2.0, 3.0, 9.0], smoothed.Values);
        Assert.Equal([1.0, 3.0, 5.0, 7.0, 9.0, 11.0], new Series([1, 2, 3, 4, 5, 6], [1, 3, 5, 7, 9, 11]).MovingMean(1).Values);
        Assert.True(Series.Empty.MovingMean(5).IsEmpty);
    }

    [Fact]
    public void Training_panels_are_percent_of_counted_episodes_and_held_out_panels_read_evaluations()
    {
        Write(RunLogs.EpisodesFile,
            "wall_time,step,episode,env,return,length,reason,start,goal,route_completion",
            "1,128,1,0,-10,20,collision,1,2,0.1",
            "1,128,2,1,-9,25,off_road,3,4,0.2",
            "1,256,3,0,50,30,connection_lost,5,6,0.3",
            "1,256,4,1,90,300,route_completed,7,8,1",
            "1,256,5,0,-1,99,off_route,9,10,0.4");
        Write(RunLogs.EvaluationsFile, EvaluationsHeader, "1,256,4,0.6,0.25,0.5,0.25,0,1.5,0,0,6,33");
        var logs = RunLogs.Read(_run);
        LearningCurvePanel Panel(string name) => Assert.Single(LearningCurvePanel.Parse(name));

        // connection_lost says nothing about the policy: 4 counted episodes, 2 at step 128 and 2 at step 256
        Assert.Equal([128.0, 256.0], Panel("success").Training(logs, 100).Steps);
        Assert.Equal([0.0, 25.0], Panel("success").Training(logs, 100).Values);
        Assert.Equal([100.0, 50.0], Panel("collisions").Training(logs, 100).Values);
        Assert.Equal([100.0, 0.0], Panel("collisions").Training(logs, 2).Values);
        Assert.Equal([15.0, 42.5], Rounded(Panel("completion").Training(logs, 100)));
        Assert.Equal([-9.5, 17.5], Panel("reward").Training(logs, 100).Values);
        Assert.Equal([25.0], Panel("success").HeldOut(logs).Values);
        Assert.Equal([50.0], Panel("collisions").HeldOut(logs).Values);
        Assert.Equal([60.0], Rounded(Panel("completion").HeldOut(logs)));
        Assert.Equal([33.0], Panel("reward").HeldOut(logs).Values);
        Assert.True(Panel("sps").HeldOut(logs).IsEmpty);
    }

    [Fact]
    public void Speed_is_time_fps_or_charts_sps_when_a_run_has_no_time_fps()
    {
        Write(RunLogs.MetricsFile, "wall_time,step,key,value", "1,128,charts/SPS,90", "1,256,charts/SPS,95");
        LearningCurvePanel sps = Assert.Single(LearningCurvePanel.Parse("sps"));
        Assert.Equal([90.0, 95.0], sps.Training(RunLogs.Read(_run), 100).Values);
        Write(RunLogs.MetricsFile, "wall_time,step,key,value", "1,128,charts/SPS,90", "1,128,time/fps,80");
        Assert.Equal([80.0], sps.Training(RunLogs.Read(_run), 100).Values);
    }

    [Fact]
    public void Metrics_lists_keep_their_order_and_an_unknown_name_fails_listing_the_allowed_ones()
    {
        Assert.Equal(["sps", "reward"], LearningCurvePanel.Parse("sps, reward,sps").Select(p => p.Name));
        Assert.Equal(["reward", "completion", "success", "collisions", "sps"], LearningCurvePanel.Parse(LearningCurvePanel.AllowedNames).Select(p => p.Name));
        var unknown = Assert.Throws<ArgumentException>(() => LearningCurvePanel.Parse("reward,crashes"));
        Assert.Contains("'crashes'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("reward,completion,success,collisions,sps", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LearningCurvePanel.Parse(" , "));
    }
}
