using System.CommandLine;
using System.Net;
using CarlaDrl.Carla.Server;
using CarlaDrl.Simulator;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl serve-carla</c>: the embedded world as a CARLA 0.8.4 server on ports P, P+1, P+2, for any CARLA
/// client (the official Python client and its benchmark, or <c>--world carla://…</c>). Ctrl+C stops it.
/// </summary>
internal static class ServeCarlaCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "World port P; the measurements and control ports are P+1 and P+2.", DefaultValueFactory = _ => 2000 };
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface; the protocol has no authentication), or another local address.", DefaultValueFactory = _ => "127.0.0.1" };
        var town = new Option<string>("--town") { Description = $"Town to serve: {TownCatalog.AllowedNames}.", DefaultValueFactory = _ => "Town01" };
        var map = new Option<string?>("--map") { Description = "A CARLA 0.8.4 planner map file (e.g. PythonClient/carla/planner/Town01.txt); overrides --town." };
        var hz = new Option<double>("--hz") { Description = "World ticks per simulated second (CARLA's -benchmark -fps=N); asynchronous clients get them in real time.", DefaultValueFactory = _ => 10.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the world's own generator.", DefaultValueFactory = _ => 0 };
        var timeout = new Option<double>("--timeout") { Description = "The server's ServerTimeOut in seconds: waits for requests, connections and (synchronous mode) controls.", DefaultValueFactory = _ => 10.0 };
        var quiet = new Option<bool>("--quiet") { Description = "Print only errors and warnings." };
        var command = new Command("serve-carla", "Serve the embedded world over the CARLA 0.8.4 protocol (ports P, P+1, P+2) to any CARLA client, such as the official Python client.");
        foreach (Option option in new Option[] { port, host, town, map, hz, seed, timeout, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            Action<string> Log = ServerLog.Create(result.GetValue(quiet));

            double seconds = result.GetValue(timeout);
            if (!(seconds > 0))
            {
                throw new ArgumentException($"--timeout {seconds} must be a positive number of seconds.");
            }

            using var world = new EmbeddedWorld(new EmbeddedWorldOptions
            {
                Town = result.GetValue(town) ?? "Town01",
                MapPath = result.GetValue(map),
                SimulationHz = result.GetValue(hz),
                Seed = result.GetValue(seed),
                Warning = message => Log($"warning: {message}"),
            });
            using var server = new CarlaServer(world, new CarlaServerOptions
            {
                Address = ParseAddress(result.GetValue(host) ?? "127.0.0.1"),
                Port = result.GetValue(port),
                AsyncTicksPerSecond = result.GetValue(hz),
                ServerTimeout = TimeSpan.FromSeconds(seconds),
                Log = Log,
            });
            try
            {
                server.Start();
            }
            catch (IOException e)
            {
                System.Console.Error.WriteLine($"error: {e.Message}");
                return CliErrors.UsageError;
            }

            using var stop = new StopSignals();
            try
            {
                System.Console.WriteLine($"serve-carla: {world.Description} on {server.Address}:{server.Port} (P+1 {server.Port + 1}, P+2 {server.Port + 2}); Ctrl+C stops.");
                stop.Token.WaitHandle.WaitOne();
            }
            finally
            {
                server.Stop();
            }

            System.Console.WriteLine($"serve-carla: stopped after {server.ClientsServed} client(s), {server.EpisodesStarted} episode(s), {server.FramesSent} frame(s).");
            return 0;
        }));
        return command;
    }

    private static IPAddress ParseAddress(string text) =>
        text.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(text, out IPAddress? address) ? address
        : throw new ArgumentException($"--host '{text}' is not an IP address; use 127.0.0.1, 0.0.0.0 or a local address.");
}
