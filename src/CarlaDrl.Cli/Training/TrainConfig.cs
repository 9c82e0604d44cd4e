using CarlaDrl.Cli.Config;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Simulator;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Cli.Training;

/// <summary>The <c>run:</c> section: what one training run does around PPO (snake_case keys in YAML).</summary>
internal sealed record RunSettings
{
    /// <summary>Run name: its directory is <c>{runs_dir}/{name}</c>.</summary>
    public string Name { get; init; } = "ppo_town01";

    /// <summary>Directory holding the runs.</summary>
    public string RunsDir { get; init; } = "runs";

    /// <summary>One seed for everything: worlds, envs, torch, minibatch shuffling (ppo.seed is set from it).</summary>
    public long Seed { get; init; }

    /// <summary>Environment steps to train, summed over envs.</summary>
    public long TotalTimesteps { get; init; } = 500_000;

    /// <summary>Envs stepped in parallel threads, one embedded world each.</summary>
    public int NumEnvs { get; init; } = 4;

    /// <summary>Torch threads (0: one per core).</summary>
    public int TorchThreads { get; init; }

    /// <summary>Save a checkpoint every this many steps (rounded up to the end of a rollout).</summary>
    public long CheckpointEvery { get; init; } = 50_000;

    /// <summary>Periodic checkpoints to keep (best, final and interrupt checkpoints are kept apart).</summary>
    public int KeepCheckpoints { get; init; } = 5;

    /// <summary>Evaluate on the held-out routes every this many steps (0: only at the end).</summary>
    public long EvalEvery { get; init; } = 50_000;

    /// <summary>Held-out routes per evaluation (each ≥ eval_min_route_meters with ≥ 1 turn, excluded from training).</summary>
    public int EvalEpisodes { get; init; } = 20;

    /// <summary>Seed that draws the held-out routes and seeds the evaluation episodes.</summary>
    public long EvalSeed { get; init; } = 2017;

    /// <summary>Minimum length of a held-out route, m.</summary>
    public double EvalMinRouteMeters { get; init; } = 200;

    /// <summary>Seconds between plain progress lines when the output is not a terminal.</summary>
    public double LogEverySeconds { get; init; } = 30;

    /// <summary>Record one evaluation episode (the first held-out route) as a video into videos/ every this many steps and at the end (0: never).</summary>
    public long RecordEvery { get; init; }

    internal RunSettings Validate()
    {
        Check(Name.Length > 0 && Name.IndexOfAny(['/', '\\']) < 0 && Name is not "." and not "..", "run.name", Name, "a non-empty name without slashes");
        Check(TotalTimesteps > 0, "run.total_timesteps", TotalTimesteps, "> 0");
        Check(NumEnvs is >= 1 and <= 256, "run.num_envs", NumEnvs, "1..256");
        Check(TorchThreads is >= 0 and <= 1024, "run.torch_threads", TorchThreads, "0 (one per core) .. 1024");
        Check(CheckpointEvery > 0, "run.checkpoint_every", CheckpointEvery, "> 0 steps");
        Check(KeepCheckpoints >= 1, "run.keep_checkpoints", KeepCheckpoints, ">= 1");
        Check(EvalEvery >= 0, "run.eval_every", EvalEvery, ">= 0 steps (0: only at the end)");
        Check(EvalEpisodes is >= 0 and <= 1000, "run.eval_episodes", EvalEpisodes, "0..1000");
        Check(EvalMinRouteMeters > 0, "run.eval_min_route_meters", EvalMinRouteMeters, "> 0 m");
        Check(LogEverySeconds > 0, "run.log_every_seconds", LogEverySeconds, "> 0 s");
        Check(RecordEvery >= 0, "run.record_every", RecordEvery, ">= 0 steps (0: no videos)");
        Check(RecordEvery == 0 || EvalEpisodes > 0, "run.record_every", RecordEvery, "0 when run.eval_episodes is 0 (videos drive the first held-out route with the evaluation world)");
        return this;
    }

    internal static void Check(bool ok, string key, object value, string allowed)
    {
        if (!ok)
        {
            throw new ConfigException($"Config key '{key}' = '{value}' is out of range; allowed: {allowed}.");
        }
    }
}

/// <summary>
/// The <c>world:</c> section: the embedded simulator every env drives in (the default), or CARLA 0.8.4 servers
/// (<c>servers</c>, one per training env, and <c>eval_server</c> for the periodic evaluations), whose town map then
/// comes from <c>town</c> or <c>map_path</c>.
/// </summary>
internal sealed record WorldSettings
{
    /// <summary>Town: Town01, Town02 or procedural:&lt;seed&gt;.</summary>
    public string Town { get; init; } = "Town01";

    /// <summary>A CARLA 0.8.4 planner map file; overrides town.</summary>
    public string? MapPath { get; init; }

    /// <summary>World ticks (env steps) per simulated second.</summary>
    public double SimulationHz { get; init; } = 10;

    /// <summary>Physics substeps per tick.</summary>
    public int PhysicsSubsteps { get; init; } = 5;

    /// <summary>
    /// Remote worlds, one per training env (env i drives world i): CARLA 0.8.4 servers <c>carla://host:port</c> or bridge
    /// workers <c>zmq://host:port</c>; empty: the embedded world in process.
    /// </summary>
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>The remote world the periodic evaluations drive; required with <see cref="Servers"/> when run.eval_episodes &gt; 0.</summary>
    public string? EvalServer { get; init; }

    /// <summary>Bridge workers (zmq://) silent this long during a request are declared down, s.</summary>
    public double HeartbeatTimeout { get; init; } = 3;

    /// <summary>Bridge workers' public CurveZMQ key file (NAME.key); null: no encryption.</summary>
    public string? CurveKey { get; init; }

    /// <summary>True when the envs drive remote worlds rather than embedded worlds in process.</summary>
    public bool UsesCarla => Servers.Count > 0;

    internal WorldSettings Validate()
    {
        foreach (string server in Servers.Append(EvalServer).OfType<string>())
        {
            if (!Commands.RemoteWorlds.IsValid(server))
            {
                throw new ConfigException($"Config key 'world.{(server == EvalServer ? "eval_server" : "servers")}' has '{server}', which is not a world address; write {Commands.RemoteWorlds.Forms}.");
            }
        }

        if (EvalServer is not null && Servers.Count == 0)
        {
            throw new ConfigException("Config key 'world.eval_server' is set but world.servers is empty: evaluations drive a CARLA server only when the training envs do; list the training servers in world.servers (or --world).");
        }

        if (Servers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Servers.Count || (EvalServer is not null && Servers.Contains(EvalServer, StringComparer.OrdinalIgnoreCase)))
        {
            throw new ConfigException($"Config keys 'world.servers'/'world.eval_server' name a server twice ({string.Join(", ", Servers.Append(EvalServer).OfType<string>())}); a remote world serves one client at a time, so every env needs its own.");
        }

        RunSettings.Check(HeartbeatTimeout is > 0 and <= 600, "world.heartbeat_timeout", HeartbeatTimeout, "0..600 s");
        if (CurveKey is not null && !File.Exists(CurveKey))
        {
            throw new ConfigException($"Config key 'world.curve_key' = '{CurveKey}': no such file; give the bridge workers' public key (NAME.key from carla-drl keys generate).");
        }

        RunSettings.Check(SimulationHz is >= 1 and <= 1000, "world.simulation_hz", SimulationHz, "1..1000 Hz");
        RunSettings.Check(PhysicsSubsteps is >= 1 and <= 100, "world.physics_substeps", PhysicsSubsteps, "1..100");
        if (MapPath is not null && !File.Exists(MapPath))
        {
            throw new ConfigException($"Config key 'world.map_path' = '{MapPath}': no such file; give a CARLA 0.8.4 planner map (e.g. Town01.txt) or leave it out and set world.town.");
        }

        if (MapPath is null && !TownCatalog.TryResolve(Town, out _))
        {
            throw new ConfigException($"Config key 'world.town' = '{Town}' is unknown; allowed: {TownCatalog.AllowedNames}.");
        }

        return this;
    }

    internal EmbeddedWorldOptions ToWorldOptions(long seed, Action<string>? warning = null) => new EmbeddedWorldOptions
    {
        Town = Town,
        MapPath = MapPath,
        SimulationHz = SimulationHz,
        PhysicsSubsteps = PhysicsSubsteps,
        Seed = seed,
        Warning = warning,
    }.Validate();
}

/// <summary>
/// A training run's whole configuration: sections <c>run</c>, <c>world</c>, <c>scenario</c>
/// (<see cref="DrivingScenario"/>), <c>env</c> (<see cref="DrivingEnvOptions"/>) and <c>ppo</c>
/// (<see cref="PpoConfig"/>), bound from a <see cref="ConfigTree"/> onto the records' defaults.
/// </summary>
internal sealed record TrainConfig(RunSettings Run, WorldSettings World, DrivingScenario Scenario, DrivingEnvOptions Env, PpoConfig Ppo)
{
    public static readonly IReadOnlyList<string> Sections = ["run", "world", "scenario", "env", "ppo"];

    /// <summary>
    /// The main job's PPO defaults: the seed's hyperparameters plus SB3's linear learning-rate schedule,
    /// which keeps late training from undoing a driving policy it has found (measured: docs/training.md).
    /// </summary>
    public static PpoConfig DefaultPpo { get; } = new() { LinearLrSchedule = true };

    public static TrainConfig Defaults { get; } = new(new RunSettings(), new WorldSettings(), new DrivingScenario(), new DrivingEnvOptions(), DefaultPpo);

    /// <summary>Binds and validates every section; any problem is a <see cref="ConfigException"/> naming the key.</summary>
    public static TrainConfig From(ConfigTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        foreach (string section in tree.Root.Keys)
        {
            if (!Sections.Contains(section))
            {
                throw new ConfigException($"Unknown config section '{section}'; allowed: {string.Join(", ", Sections)}.");
            }

            if (tree.Root[section] is not Dictionary<string, object?>)
            {
                throw new ConfigException($"Config section '{section}' must be a map of keys (e.g. '{section}:' followed by indented 'key: value' lines).");
            }
        }

        if (tree.Section("ppo").ContainsKey("seed"))
        {
            throw new ConfigException("Config key 'ppo.seed' is not settable: run.seed seeds everything (worlds, envs, torch, shuffling).");
        }

        if (tree.Section("scenario").ContainsKey("excluded_routes"))
        {
            throw new ConfigException("Config key 'scenario.excluded_routes' is not settable: the held-out evaluation routes (run.eval_*) are excluded from training automatically.");
        }

        var run = ConfigBinder.Bind(tree.Section("run"), "run", new RunSettings()).Validate();
        var world = ConfigBinder.Bind(tree.Section("world"), "world", new WorldSettings());
        var scenario = ConfigBinder.Bind(tree.Section("scenario"), "scenario", new DrivingScenario());
        var env = ConfigBinder.Bind(tree.Section("env"), "env", new DrivingEnvOptions());
        var ppo = ConfigBinder.Bind(tree.Section("ppo"), "ppo", DefaultPpo) with { Seed = run.Seed };
        try
        {
            world.Validate();
            scenario.Validate();
            env.Validate();
        }
        catch (InvalidSettingsException e)
        {
            throw new ConfigException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(FirstLine(e.Message), e);
        }

        if (world.UsesCarla && world.Servers.Count != run.NumEnvs)
        {
            throw new ConfigException($"Config key 'world.servers' lists {world.Servers.Count} remote world(s) but run.num_envs = {run.NumEnvs}: each training env drives a world of its own (one client per server or worker). Start {run.NumEnvs} (e.g. carla-drl serve-carla --port 2000, --port 2010, … or carla-drl bridge --bind tcp://127.0.0.1:5555, …:5565) and list them all, set run.num_envs={world.Servers.Count}, or let train --workers N start bridge workers.");
        }

        if (run.EvalEpisodes > 0 && (world.Servers.Any(Commands.RemoteWorlds.IsSeed) || Commands.RemoteWorlds.IsSeed(world.EvalServer)))
        {
            throw new ConfigException($"run.eval_episodes = {run.EvalEpisodes}, but a seed:// stream cannot place the car on a held-out route (the seed protocol has no reset); set run.eval_episodes=0 and evaluate the checkpoint on the embedded world, a CARLA server or a bridge worker.");
        }

        if (world.UsesCarla && run.EvalEpisodes > 0 && world.EvalServer is null)
        {
            throw new ConfigException($"run.eval_episodes = {run.EvalEpisodes} with remote worlds needs world.eval_server, one more server or worker for the held-out evaluations (e.g. --set world.eval_server=carla://127.0.0.1:2100 or zmq://127.0.0.1:5600); or set run.eval_episodes=0.");
        }

        if (ppo.BatchSize > (long)ppo.NSteps * run.NumEnvs)
        {
            throw new ConfigException($"Config key 'ppo.batch_size' = '{ppo.BatchSize}' exceeds the rollout size ppo.n_steps × run.num_envs = {(long)ppo.NSteps * run.NumEnvs}.");
        }

        return new TrainConfig(run, world, scenario, env, ppo);
    }

    /// <summary>Steps per rollout, summed over envs.</summary>
    public long RolloutSize => (long)Ppo.NSteps * Run.NumEnvs;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
