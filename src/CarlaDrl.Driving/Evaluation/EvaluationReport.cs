using CarlaDrl.Driving.Tasks;

namespace CarlaDrl.Driving.Evaluation;

/// <summary>Aggregates of an evaluation: rates over episodes, infractions per km over the distance driven.</summary>
public sealed record EvaluationReport(string Policy, IReadOnlyList<EvaluationEpisode> Episodes)
{
    public double RouteCompletion => Mean("driving/route_completion");

    public double SuccessRate => Episodes.Count == 0 ? 0 : Episodes.Count(e => e.Reason == TerminationReason.RouteCompleted) / (double)Episodes.Count;

    /// <summary>Share of episodes ended by a collision or by leaving the road.</summary>
    public double CollisionOrOffRoadRate => Episodes.Count == 0 ? 0 : Episodes.Count(e => e.Reason is TerminationReason.Collision or TerminationReason.OffRoad) / (double)Episodes.Count;

    public double DistanceKm => Episodes.Sum(e => e.Metrics.GetValueOrDefault("driving/distance_m")) / 1000;

    /// <summary>Episodes with a collision per km driven.</summary>
    public double CollisionsPerKm => PerKm(Episodes.Count(e => e.Metrics.GetValueOrDefault("driving/collision_impulse") > 0));

    /// <summary>Frames with more than 30 % of the car off the road, counted as 1 s infractions (10 frames), per km.</summary>
    public double OffRoadPerKm => PerKm(Episodes.Sum(e => e.Metrics.GetValueOrDefault("driving/off_road_frames")) / 10);

    /// <summary>Frames with more than 40 % of the car on the other lane, counted as 1 s infractions (10 frames), per km.</summary>
    public double OtherLanePerKm => PerKm(Episodes.Sum(e => e.Metrics.GetValueOrDefault("driving/other_lane_frames")) / 10);

    /// <summary>Mean speed, m/s.</summary>
    public double MeanSpeed => Mean("driving/mean_speed");

    public double MeanReturn => Episodes.Count == 0 ? 0 : Episodes.Average(e => e.Return);

    private double Mean(string key) => Episodes.Count == 0 ? 0 : Episodes.Average(e => e.Metrics.GetValueOrDefault(key));

    private double PerKm(double count) => DistanceKm > 0 ? count / DistanceKm : 0;
}
