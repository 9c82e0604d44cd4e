using System.CommandLine;
using System.Diagnostics;
using CarlaDrl.Cli.Console;
using CarlaDrl.Cli.Viewer;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl drive</c>: drives the player in the embedded world — on the autopilot or with a constant scripted
/// control — and prints live statistics; with <c>--routes N</c> it measures the autopilot on N random routes.
/// </summary>
internal static class DriveCommand
{
    public static Command Create()
    {
        var world = new WorldOptions();
        var selector = new WorldSelector();
        var control = new Option<string>("--control") { Description = "Who drives: autopilot (the built-in expert) or constant (the --steer/--throttle/--brake values).", DefaultValueFactory = _ => "autopilot" };
        control.AcceptOnlyFromAmong("autopilot", "constant");
        var steer = new Option<float>("--steer") { Description = "Constant steer −1..1 (with --control constant)." };
        var throttle = new Option<float>("--throttle") { Description = "Constant throttle 0..1 (with --control constant).", DefaultValueFactory = _ => 0.5f };
        var brake = new Option<float>("--brake") { Description = "Constant brake 0..1 (with --control constant)." };
        var start = new Option<int>("--start") { Description = "Player start spot index (out of range: 0, as CARLA does).", DefaultValueFactory = _ => 0 };
        var seconds = new Option<double>("--seconds") { Description = "Simulated seconds to drive.", DefaultValueFactory = _ => 600 };
        var every = new Option<double>("--every") { Description = "Simulated seconds between status updates.", DefaultValueFactory = _ => 10 };
        var realtime = new Option<bool>("--realtime") { Description = "Pace the simulation at real time, to watch it." };
        var routes = new Option<int>("--routes") { Description = "Instead of one drive, run the autopilot on N random start→goal routes and report how many it completes without collision or off-road." };
        var minRoute = new Option<double>("--min-route-length") { Description = "Shortest route for --routes, metres.", DefaultValueFactory = _ => 200 };
        var json = new Option<string?>("--json") { Description = "With --routes: also write the results as JSON to this file." };
        var view = new Option<bool>("--view") { Description = "Watch in the real-time viewer (first sensor's picture, bird's-eye map with the traffic, action); keys q close it, p pause, s screenshot." };
        var record = new Option<string?>("--record") { Description = "Write the drive as a video (the viewer's frames): out.mp4 (mp4v) or out.avi (MJPG)." };
        var command = new Command("drive", "Drive in the embedded world and print live stats (speed, collisions, lane fractions, frames/s).");
        world.AddTo(command);
        selector.AddTo(command);
        foreach (Option option in new Option[] { control, steer, throttle, brake, start, seconds, every, realtime, routes, minRoute, json, view, record })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            using var cancel = new StopSignals(); // Ctrl+C and SIGTERM end the drive cleanly: stats printed, video closed
            return CliErrors.Guard(() => Run(result));

            int Run(ParseResult result)
            {
                var options = world.WorldOptionsFrom(result, message => System.Console.Error.WriteLine($"warning: {message}"));
                SelectedWorld selected = selector.Create(result, options, message => System.Console.Error.WriteLine($"carla: {message}"));
                using IDrivingWorld embedded = selected.World;
                if (result.GetValue(routes) > 0)
                {
                    return RouteEvaluationReport.Run(embedded as EmbeddedWorld ?? throw new ArgumentException("--routes needs --world embedded (it reads the simulator's town)."), world.SettingsFrom(result), result.GetValue(routes), result.GetValue(minRoute), result.GetValue(world.Seed), result.GetValue(json), cancel.Token);
                }

                VehicleControl? constant = result.GetValue(control) == "constant"
                    ? new VehicleControl(result.GetValue(steer), result.GetValue(throttle), result.GetValue(brake)).Clamped()
                    : null;
                EpisodeSettings settings = world.SettingsFrom(result);
                bool watched = result.GetValue(view) || result.GetValue(record) is not null;
                using LiveViewer? viewer = result.GetValue(view) ? LiveViewer.TryOpen(Path.GetFullPath("screenshots"), System.Console.WriteLine) : null;
                using CancellationTokenRegistration closeOnCancel = cancel.Token.Register(() => viewer?.Close());
                using ViewRecorder? recorder = result.GetValue(record) is string path ? new ViewRecorder(path, options.SimulationHz) : null;
                var watchers = new Watchers(viewer, recorder, selected.Town);
                if (watched)
                {
                    // The viewer shows the first sensor: a drive without sensors gets the agents' camera, larger.
                    var camera = new DrivingEnvOptions();
                    settings = settings with
                    {
                        SendNonPlayerAgentsInfo = true,
                        Sensors = settings.Sensors.Count > 0 ? settings.Sensors :
                        [
                            new CameraDefinition("ViewCamera") { ImageSizeX = 192, ImageSizeY = 192, Fov = camera.CameraFov, PositionX = camera.CameraX, PositionZ = camera.CameraZ, RotationPitch = camera.CameraPitch },
                        ],
                    };
                }

                int code = DriveOnce(embedded, settings, result.GetValue(start), constant, result.GetValue(seconds), result.GetValue(every), result.GetValue(realtime), watchers, cancel.Token);
                if (recorder is not null)
                {
                    System.Console.WriteLine($"Video written to {recorder.Path} ({recorder.Frames} frames of {ViewComposer.FrameSize.Width}x{ViewComposer.FrameSize.Height} at {options.SimulationHz} fps).");
                }

                return code;
            }
        });
        return command;
    }

    private static int DriveOnce(IDrivingWorld world, EpisodeSettings settings, int start, VehicleControl? constant, double seconds, double every, bool realtime, Watchers watchers, CancellationToken cancel)
    {
        world.NewEpisode(settings);
        world.StartEpisode(start);
        var printer = new StatusPrinter();
        var wall = Stopwatch.StartNew();
        long frames = 0;
        double distance = 0, lastX = double.NaN, lastY = double.NaN, nextReport = 0;
        WorldFrame frame = world.ReadFrame();
        System.Console.WriteLine($"Driving {world.Description} on {(constant is null ? "the autopilot" : $"constant control ({constant})")}, {settings.NumberOfVehicles} vehicles, {settings.NumberOfPedestrians} pedestrians, weather {Weather.NameOf(settings.WeatherId)}; Ctrl+C stops.");
        printer.Run($"carla-drl drive — {world.Description}", show =>
        {
            while (!cancel.IsCancellationRequested)
            {
                Measurements m = frame.Measurements;
                PlayerMeasurements pm = m.PlayerMeasurements;
                if (!double.IsNaN(lastX))
                {
                    distance += Math.Sqrt(Math.Pow(pm.Transform.Location.X - lastX, 2) + Math.Pow(pm.Transform.Location.Y - lastY, 2));
                }

                (lastX, lastY) = (pm.Transform.Location.X, pm.Transform.Location.Y);
                double simulated = m.GameTimestamp / 1000.0;
                bool done = simulated >= seconds;
                if (simulated >= nextReport || done)
                {
                    nextReport += every;
                    show(Rows(m, distance, frames / Math.Max(wall.Elapsed.TotalSeconds, 1e-9)), done);
                }

                VehicleControl applied = constant ?? pm.AutopilotControl;
                watchers.Show(world.Description, frame, applied);
                if (done)
                {
                    break;
                }

                world.SendControl(applied);
                frame = world.ReadFrame();
                frames++;
                if (realtime)
                {
                    double ahead = (m.GameTimestamp / 1000.0) - wall.Elapsed.TotalSeconds;
                    if (ahead > 0.002)
                    {
                        Thread.Sleep(TimeSpan.FromSeconds(ahead));
                    }
                }
            }
        });

        System.Console.WriteLine($"Done: {frames} frames in {wall.Elapsed.TotalSeconds:0.00} s wall ({frames / Math.Max(wall.Elapsed.TotalSeconds, 1e-9):0} frames/s), {distance / 1000:0.00} km driven.");
        return 0;
    }

    /// <summary>The viewer and the recorder of a drive: both get every frame with its first sensor's picture.</summary>
    private sealed class Watchers(LiveViewer? viewer, ViewRecorder? recorder, TownMap town)
    {
        private readonly ViewSnapshot _snapshot = new();

        public void Show(string description, WorldFrame frame, VehicleControl control)
        {
            if (recorder is null && viewer is not { IsOpen: true })
            {
                return;
            }

            (byte[] rgb, int w, int h) = frame.SensorData.Count > 0 ? SensorImages.ToRgb(frame.SensorData[0]) : ([], 0, 0);
            _snapshot.CaptureFrom(frame, "drive", description, town, control, rgb, w, h);
            recorder?.Write(_snapshot);
            viewer?.Offer(_snapshot, static (spare, captured) => captured.CopyTo(spare));
        }
    }

    private static List<(string, string)> Rows(Measurements m, double distance, double fps)
    {
        PlayerMeasurements pm = m.PlayerMeasurements;
        return
        [
            ("sim time", $"{m.GameTimestamp / 1000.0,7:0.0} s"),
            ("speed", $"{pm.ForwardSpeed * 3.6,5:0.0} km/h"),
            ("driven", $"{distance / 1000,5:0.00} km"),
            ("collisions v/p/o", $"{pm.CollisionVehicles:0}/{pm.CollisionPedestrians:0}/{pm.CollisionOther:0} kg·m/s"),
            ("other lane", $"{pm.IntersectionOtherLane:0.00}"),
            ("off road", $"{pm.IntersectionOffRoad:0.00}"),
            ("frames/s", $"{fps:0}"),
        ];
    }
}
