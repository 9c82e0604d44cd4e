using System.Text.Json;
using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Commands;

/// <summary>Runs the autopilot on random routes and prints one line per route and a summary.</summary>
internal static class RouteEvaluationReport
{
    public static int Run(EmbeddedWorld world, EpisodeSettings settings, int count, double minLength, int seed, string? jsonPath, CancellationToken cancel)
    {
        var rng = new Rng((long)seed);
        var runner = new RouteEpisodeRunner(world, world.Town);
        var planner = new RoutePlanner(world.Town.Network);
        var results = new List<RouteEpisodeResult>();
        System.Console.WriteLine($"Autopilot on {count} random routes (≥ {minLength:0} m) in {world.Town.Name}, {settings.NumberOfVehicles} vehicles, {settings.NumberOfPedestrians} pedestrians, seed {seed}.");
        System.Console.WriteLine(" #  start  goal  route m  driven m  time s  outcome                 collisions v/p/o   off-road frames");
        for (int i = 0; i < count && !cancel.IsCancellationRequested; i++)
        {
            (int start, int goal) = PickRoute(world, planner, rng, minLength);
            RouteEpisodeResult r = runner.Run(settings with { SeedVehicles = settings.SeedVehicles + i, SeedPedestrians = settings.SeedPedestrians + i }, start, goal, (frame, _) => frame.Measurements.PlayerMeasurements.AutopilotControl);
            results.Add(r);
            System.Console.WriteLine($"{i + 1,2}  {start,5}  {goal,4}  {r.RouteLengthMeters,7:0}  {r.DrivenMeters,8:0}  {r.SimulatedSeconds,6:0.0}  {r.Outcome,-22}  {r.CollisionVehicles:0}/{r.CollisionPedestrians:0}/{r.CollisionOther:0}{new string(' ', 8)}{r.OffRoadFrames}");
        }

        int success = results.Count(r => r.Success);
        double rate = results.Count > 0 ? success / (double)results.Count : 0;
        System.Console.WriteLine($"Completed without collision or off-road: {success}/{results.Count} ({100 * rate:0.0}%); collisions in {results.Count(r => r.Collided)}, off-road in {results.Count(r => r.WentOffRoad)}, timeouts {results.Count(r => r.Outcome == RouteOutcome.Timeout)}; mean route completion {100 * (results.Count > 0 ? results.Average(r => r.Completion) : 0):0.0}%.");
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { town = world.Town.Name, settings.NumberOfVehicles, settings.NumberOfPedestrians, seed, successRate = rate, results }, JsonOptions));
            System.Console.WriteLine($"Results written to {jsonPath}.");
        }

        return 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static (int Start, int Goal) PickRoute(EmbeddedWorld world, RoutePlanner planner, Rng rng, double minLength)
    {
        int spots = world.Town.StartSpots.Count;
        for (int attempt = 0; ; attempt++)
        {
            int start = rng.NextInt(spots), goal = rng.NextInt(spots);
            if (start == goal)
            {
                continue;
            }

            Route? route = planner.Plan(world.Town.StartSpots[start], world.Town.StartSpots[goal]);
            if (route is not null && (route.Length >= minLength || attempt > 1000))
            {
                return (start, goal);
            }
        }
    }
}
