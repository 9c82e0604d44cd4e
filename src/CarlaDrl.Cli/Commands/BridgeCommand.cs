using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CarlaDrl.Bridge.Host;
using CarlaDrl.Bridge.Protocol;
using CarlaDrl.Bridge.Security;
using CarlaDrl.Carla.Client;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl bridge</c>: hosts one world (the embedded simulator, or a CARLA server it drives) in this process and
/// serves it over ZeroMQ to a trainer (<c>train --world zmq://…</c>) or any peer that speaks docs/bridge-protocol.md.
/// Runs until Ctrl+C/SIGTERM (or until the process named by <c>--parent-pid</c> ends); waits for the next trainer when
/// one goes away.
/// </summary>
internal static class BridgeCommand
{
    public static Command Create()
    {
        var world = new Option<string>("--world") { Description = "The world to host: embedded (the built-in simulator) or carla://host:port (a CARLA 0.8.4 server).", DefaultValueFactory = _ => "embedded" };
        var bind = new Option<string>("--bind") { Description = "ZeroMQ endpoint to listen on; loopback by default. tcp://0.0.0.0:5555 accepts other machines (use --curve then); port 0 picks a free port.", DefaultValueFactory = _ => BridgeProtocol.DefaultEndpoint };
        var town = new Option<string>("--town") { Description = $"Town of the embedded world: {TownCatalog.AllowedNames}.", DefaultValueFactory = _ => "Town01" };
        var map = new Option<string?>("--map") { Description = "A CARLA 0.8.4 planner map file; overrides --town." };
        var hz = new Option<double>("--hz") { Description = "Embedded world ticks per simulated second.", DefaultValueFactory = _ => 10.0 };
        var substeps = new Option<int>("--physics-substeps") { Description = "Embedded world physics substeps per tick.", DefaultValueFactory = _ => 5 };
        var seed = new Option<long>("--seed") { Description = "Seed of the embedded world's own generator.", DefaultValueFactory = _ => 0 };
        var curve = new Option<string?>("--curve") { Description = "CurveZMQ: this worker's secret key file (NAME.key_secret from carla-drl keys generate); trainers then need NAME.key." };
        var maxRequest = new Option<int>("--max-request-bytes") { Description = "Larger requests get an error reply (the connection survives).", DefaultValueFactory = _ => BridgeProtocol.DefaultMaxRequestBytes };
        var parent = new Option<int?>("--parent-pid") { Description = "Exit when the process with this id ends (train --workers sets it, so no worker outlives its trainer)." };
        var spin = new Option<int>("--spin-us") { Description = "Microseconds to poll for the next request before blocking: lower latency, one busy core.", DefaultValueFactory = _ => 0 };
        var protocol = new Option<string>("--protocol") { Description = "native: the lockstep bridge protocol (docs/bridge-protocol.md); seed: the original system's stream (PUB observations on the --bind port, SUB actions on port+1; docs/bridge-seed.md), as carla_zmq_client.py does.", DefaultValueFactory = _ => "native" };
        var freeRun = new Option<bool>("--free-run") { Description = "With --protocol seed: do not wait for each action (one non-blocking receive per frame, the oldest queued action), exactly as the seed client did." };
        var seedTraffic = new Option<int[]>("--seed-traffic") { Description = "With --protocol seed: vehicles and pedestrians of the one episode (the seed client's 20 and 10).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [20, 10] };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the start line, errors and warnings." };
        var command = new Command("bridge", "Host a world (embedded or a CARLA server) in this process and serve it over ZeroMQ to trainers (train --world zmq://host:port) and other peers (docs/bridge-protocol.md).");
        foreach (Option option in new Option[] { world, bind, town, map, hz, substeps, seed, curve, maxRequest, spin, protocol, freeRun, seedTraffic, parent, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            Action<string> Log = ServerLog.Create(result.GetValue(quiet));

            string worldText = (result.GetValue(world) ?? "embedded").Trim();
            CurveKeyPair? keys = result.GetValue(curve) is string keyFile ? CurveKeyFiles.LoadSecret(keyFile) : null;
            using IDrivingWorld hosted = WorldSelector.IsEmbedded(worldText)
                ? new EmbeddedWorld(new EmbeddedWorldOptions
                {
                    Town = result.GetValue(town) ?? "Town01",
                    MapPath = result.GetValue(map),
                    SimulationHz = result.GetValue(hz),
                    PhysicsSubsteps = result.GetValue(substeps),
                    Seed = result.GetValue(seed),
                    Warning = message => Log($"warning: {message}"),
                }.Validate())
                : CarlaEndpoint.TryParse(worldText, out CarlaEndpoint endpoint)
                    ? new CarlaWorld(new CarlaWorldOptions { Host = endpoint.Host, Port = endpoint.Port, Log = message => Log($"carla: {message}") })
                    : throw new ArgumentException($"--world '{worldText}' is unknown; allowed: embedded or carla://host:port.");
            string mode = (result.GetValue(protocol) ?? "native").Trim().ToLowerInvariant();
            if (mode == "seed")
            {
                int[] traffic = result.GetValue(seedTraffic) ?? [20, 10];
                return ServeSeed(hosted, result.GetValue(bind) ?? BridgeProtocol.DefaultEndpoint, !result.GetValue(freeRun), traffic.Length == 2 ? traffic : throw new ArgumentException("--seed-traffic takes two numbers: vehicles pedestrians."), result.GetValue(parent), Log);
            }

            if (mode != "native")
            {
                throw new ArgumentException($"--protocol '{mode}' is unknown; allowed: native, seed.");
            }

            BridgeServer server;
            try
            {
                server = new BridgeServer(hosted, new BridgeServerOptions
                {
                    Bind = result.GetValue(bind) ?? BridgeProtocol.DefaultEndpoint,
                    MaxRequestBytes = result.GetValue(maxRequest),
                    SpinMicroseconds = result.GetValue(spin),
                    ConfigureSocket = keys is null ? null : socket => CurveKeyFiles.ApplyServer(socket, keys),
                    Log = Log,
                });
            }
            catch (IOException e)
            {
                System.Console.Error.WriteLine($"error: {e.Message}");
                return CliErrors.UsageError;
            }

            using (server)
            {
                return Serve(server, hosted, keys is not null, result.GetValue(parent), Log);
            }
        }));
        return command;
    }

    private static int Serve(BridgeServer server, IDrivingWorld hosted, bool curve, int? parentPid, Action<string> log)
    {
        using var stop = new StopSignals();
        long lastSteps = 0;
        var clock = Stopwatch.StartNew();
        using var watcher = new Timer(_ => lastSteps = Watch(server, parentPid, stop, log, lastSteps, clock), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        System.Console.WriteLine($"bridge: {hosted.Description} on {server.Endpoint} (protocol {BridgeProtocol.Version}{(curve ? ", CurveZMQ" : "")}, pid {Environment.ProcessId}); Ctrl+C stops.");
        server.Run(stop.Token);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bridge: stopped after {server.Sessions} session(s), {server.Steps:N0} step(s), {server.Errors} error reply(ies) ({server.Malformed} malformed)."));
        return 0;
    }

    /// <summary>
    /// <c>--protocol seed</c>: plays the seed's <c>carla_zmq_client.py</c> with this world — one episode with its two
    /// 64×64 cameras, frames published in the seed schema, actions taken from port+1 (docs/bridge-seed.md).
    /// </summary>
    private static int ServeSeed(IDrivingWorld hosted, string bind, bool lockstep, int[] traffic, int? parentPid, Action<string> log)
    {
        CameraDefinition Camera(string name, PostProcessing post) => new(name) { ImageSizeX = 64, ImageSizeY = 64, PositionX = 2.0f, PositionZ = 1.4f, Fov = 90, PostProcessing = post };
        var settings = new EpisodeSettings
        {
            SynchronousMode = true,
            NumberOfVehicles = traffic[0],
            NumberOfPedestrians = traffic[1],
            WeatherId = 1,
            Sensors = [Camera("CameraRGB", PostProcessing.SceneFinal), Camera("CameraDepth", PostProcessing.Depth)],
        };
        using var publisher = new Bridge.Seed.SeedPublisher(hosted, settings, new Bridge.Seed.SeedPublisherOptions { ObservationBind = bind, Lockstep = lockstep, Log = log });
        using var stop = new StopSignals();
        using var watcher = new Timer(_ =>
        {
            log(string.Create(CultureInfo.InvariantCulture, $"seed: {publisher.PublishedFrames:N0} frames published, {publisher.ReceivedActions:N0} actions received ({publisher.MissedActions:N0} frames without one, {publisher.SkippedActions:N0} late, {publisher.MalformedActions} malformed)."));
            if (parentPid is int pid && !IsAlive(pid))
            {
                stop.Cancel();
            }
        }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        System.Console.WriteLine($"bridge: {hosted.Description} on {bind} (seed protocol: observations PUB there, actions SUB on port+1{(lockstep ? ", lockstep" : ", free-running")}, pid {Environment.ProcessId}); Ctrl+C stops.");
        publisher.Run(stop.Token);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bridge: stopped after {publisher.PublishedFrames:N0} frames, {publisher.ReceivedActions:N0} actions."));
        return 0;
    }

    /// <summary>Every 10 s: a progress line while trainers step, and the end when the parent process is gone.</summary>
    private static long Watch(BridgeServer server, int? parentPid, StopSignals stop, Action<string> log, long lastSteps, Stopwatch clock)
    {
        long steps = server.Steps;
        double seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        if (steps != lastSteps)
        {
            log(string.Create(CultureInfo.InvariantCulture, $"session {server.Session}, episode {server.Episode}: {steps:N0} steps ({(steps - lastSteps) / Math.Max(seconds, 1e-9):N0}/s), {server.Errors} error reply(ies)."));
        }

        if (parentPid is int pid && !IsAlive(pid))
        {
            log($"parent process {pid} has ended; stopping.");
            stop.Cancel();
        }

        return steps;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
