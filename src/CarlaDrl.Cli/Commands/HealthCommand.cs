using System.CommandLine;
using System.Text.Json;
using CarlaDrl.Cli.Health;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl health</c>: what this machine can run, checked for real (docs/health.md); exit code 1 when a required
/// check fails, so scripts can gate on it.
/// </summary>
internal static class HealthCommand
{
    public const int Unhealthy = 1;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var carla = new Option<string[]>("--carla") { Description = "Also check a CARLA 0.8.4 server (or serve-carla) at host:port with a real handshake on P, P+1 and P+2 (repeatable)." };
        var bridge = new Option<string[]>("--bridge") { Description = "Also check a bridge worker at tcp://host:port (its hello and a heartbeat; repeatable)." };
        var curve = new Option<string?>("--curve") { Description = "With --bridge: the worker's public CurveZMQ key file (NAME.key)." };
        var runs = new Option<string>("--runs-dir") { Description = "The run directory to check for writing and space.", DefaultValueFactory = _ => "runs" };
        var json = new Option<bool>("--json") { Description = "Print the checks as JSON." };
        var command = new Command("health", "Check what this machine can run: .NET, TorchSharp (a tensor op), CUDA, OpenCV and the display, CARLA servers and bridge workers when asked, the default ports, the run directory; exit code 1 when a required check fails.");
        foreach (Option option in new Option[] { carla, bridge, curve, runs, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            var checks = new List<HealthCheck> { HealthChecks.Runtime() };
            checks.AddRange(HealthChecks.Torch());
            checks.AddRange(HealthChecks.OpenCv());
            checks.AddRange((result.GetValue(carla) ?? []).Select(HealthChecks.Carla));
            checks.AddRange((result.GetValue(bridge) ?? []).Select(b => HealthChecks.Bridge(b, result.GetValue(curve))));
            checks.AddRange(HealthChecks.Ports());
            checks.AddRange(HealthChecks.RunDirectory(result.GetValue(runs) ?? "runs"));
            bool healthy = !checks.Any(c => c.FailsRun);
            if (result.GetValue(json))
            {
                System.Console.WriteLine(JsonSerializer.Serialize(new
                {
                    healthy,
                    checks = checks.Select(c => new { c.Name, Status = c.Status.ToString().ToLowerInvariant(), c.Detail, c.Remedy, c.Required }),
                }, JsonOptions));
            }
            else
            {
                foreach (HealthCheck check in checks)
                {
                    System.Console.WriteLine(check.ToString());
                }

                int failed = checks.Count(c => c.FailsRun), warnings = checks.Count(c => c.Status != HealthStatus.Ok && !c.FailsRun);
                System.Console.WriteLine(healthy ? $"healthy ({warnings} warning(s))" : $"unhealthy: {failed} required check(s) failed, {warnings} warning(s)");
            }

            return healthy ? 0 : Unhealthy;
        }));
        return command;
    }
}
