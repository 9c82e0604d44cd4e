using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Rendering;
using CarlaDrl.Simulator.Sensors;

namespace CarlaDrl.Simulator.Tests.Rendering;

/// <summary>The ray-cast lidar against known geometry and CARLA's scan pattern (spec §7).</summary>
public sealed class LidarTests
{
    /// <summary>Undoes CARLA's point transform: (lidar − hit) rotated about Z by (90° − yaw) → the hit's offset from the lidar.</summary>
    private static (double X, double Y, double Z) HitOffset(float px, float py, float pz, double yawDegrees)
    {
        double a = -(90 - yawDegrees) * Math.PI / 180;
        double vx = (px * Math.Cos(a)) - (py * Math.Sin(a)), vy = (px * Math.Sin(a)) + (py * Math.Cos(a));
        return (-vx, -vy, -pz);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(37.0)]
    [InlineData(-120.0)]
    public void Returns_from_a_wall_at_known_distance_lie_within_a_decimetre_and_the_ground_where_the_pitch_says(double yawDegrees)
    {
        const double Wall = 10.0; // distance from the lidar to the wall's face, m
        var definition = new LidarDefinition("Lidar") { Channels = 3, UpperFovLimit = 0, LowerFovLimit = -20, PointsPerSecond = 36_000, RotationFrequency = 10, Range = 50 };
        var lidar = new LidarSimulator(definition, 0.1);
        var output = new LidarMeasurement(1, "Lidar", 3, lidar.MaxPoints);
        double yaw = yawDegrees * Math.PI / 180;
        double cx = (Wall + 0.1) * Math.Cos(yaw), cy = (Wall + 0.1) * Math.Sin(yaw);

        // A 40 m wide, 0.2 m thick wall facing the lidar, along the lidar's yaw.
        RenderBox[] scene = [new RenderBox(cx, cy, 0, 5, 0.1, 20, yaw, (0.5f, 0.5f, 0.5f), SemanticLabel.Walls)];
        int wallPoints = 0;
        for (int tick = 0; tick < 10; tick++) // a full turn at 10 Hz
        {
            lidar.Scan(0, 0, 1.0, yawDegrees, scene, [], 0, 0, output);
            Assert.Equal(output.PointCount, (int)output.PointsPerChannel.Sum(c => (long)c));
            int index = 0;
            for (int channel = 0; channel < 3; channel++)
            {
                for (int k = 0; k < output.PointsPerChannel[channel]; k++, index++)
                {
                    (double x, double y, double z) = HitOffset(output.Points[3 * index], output.Points[(3 * index) + 1], output.Points[(3 * index) + 2], yawDegrees);
                    double along = (x * Math.Cos(yaw)) + (y * Math.Sin(yaw));
                    if (channel == 0)
                    {
                        // Level rays hit only the wall (or nothing): their distance along the wall normal is the wall's.
                        Assert.InRange(along, Wall - 0.1, Wall + 0.1);
                        Assert.InRange(z, -1e-6, 1e-6);
                        wallPoints++;
                    }
                    else
                    {
                        // Downward rays hit the ground 1 m below, at 1 / tan(pitch) unless the wall comes first.
                        double pitch = channel == 1 ? 10 : 20;
                        double horizontal = Math.Sqrt((x * x) + (y * y));
                        Assert.InRange(z, -1.0 - 1e-4, -1.0 + 1e-4);
                        Assert.InRange(horizontal, (1 / Math.Tan(pitch * Math.PI / 180)) - 0.01, (1 / Math.Tan(pitch * Math.PI / 180)) + 0.01);
                    }
                }
            }
        }

        // A turn is 10 ticks × 1200 level rays; the wall's ±20 m seen from 10.1 m spans 2·atan(20 / 10.1) of it.
        double expected = 12_000 * (2 * Math.Atan(20 / 10.1) * 180 / Math.PI) / 360;
        Assert.InRange(wallPoints, expected * 0.98, expected * 1.02);
    }

    [Fact]
    public void The_scan_pattern_follows_CARLA_rays_per_laser_and_head_angle()
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
        world.NewEpisode(new EpisodeSettings
        {
            NumberOfVehicles = 5,
            NumberOfPedestrians = 5,
            Sensors = [new LidarDefinition("Lidar") { Channels = 32, PointsPerSecond = 56_000, RotationFrequency = 2.5f, PositionZ = 2.4f }],
        });
        world.StartEpisode(3);
        float previous = -1;
        for (int tick = 0; tick < 5; tick++)
        {
            WorldFrame frame = world.ReadFrame();
            LidarMeasurement scan = Assert.IsType<LidarMeasurement>(Assert.Single(frame.SensorData));
            Assert.Equal(32, scan.ChannelCount);
            Assert.All(scan.PointsPerChannel, c => Assert.InRange(c, 0u, 175u)); // round(56000 · 0.1 / 32) = 175 rays per laser
            Assert.Equal(scan.PointCount, (int)scan.PointsPerChannel.Sum(c => (long)c));
            Assert.True(scan.PointCount > 1000, "most rays of a lidar 2.4 m above a street return");
            Assert.Equal(frame.Measurements.FrameNumber, scan.FrameNumber);
            float expected = (previous + 90) % 360; // 2.5 Hz · 360° · 0.1 s per tick
            if (previous >= 0)
            {
                Assert.Equal(expected, scan.HorizontalAngle, 3);
            }

            previous = scan.HorizontalAngle;
            world.SendControl(frame.Measurements.PlayerMeasurements.AutopilotControl);
        }
    }
}
