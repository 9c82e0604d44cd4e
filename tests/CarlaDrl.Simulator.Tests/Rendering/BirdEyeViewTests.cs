using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Rendering;

namespace CarlaDrl.Simulator.Tests.Rendering;

/// <summary>The ego-centred bird's-eye view: ego, road, route and other vehicles where the geometry puts them.</summary>
public sealed class BirdEyeViewTests
{
    private const int Size = 64;
    private const float Mpp = 0.5f;

    private static (byte R, byte G, byte B) Pixel(CameraImage image, int x, int y)
    {
        ReadOnlySpan<byte> rgb = image.Rgb;
        int i = 3 * ((y * image.Width) + x);
        return (rgb[i], rgb[i + 1], rgb[i + 2]);
    }

    [Fact]
    public void Ego_road_route_and_a_car_ahead_are_drawn_where_they_are()
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
        world.NewEpisode(new EpisodeSettings
        {
            NumberOfVehicles = 0,
            NumberOfPedestrians = 0,
            Sensors = [new BirdEyeViewDefinition("Bev") { ImageSizeX = Size, ImageSizeY = Size, MetersPerPixel = Mpp, EgoFromBottom = 0.25f }],
        });
        world.StartEpisode(0);
        Lane lane = world.Town.Network.Lanes.Where(l => l.Kind == LaneKind.Road).OrderByDescending(l => l.Length).First();
        LanePose pose = lane.PoseAt(40);
        world.PlacePlayer(pose.Position.X, pose.Position.Y, pose.HeadingRadians * Angles.DegreesPerRadian);
        world.AddVehicle(lane, 40 + 12, parked: true);
        world.SetPlayerRoute(new Route([new RouteSegment(lane, 40, 40 + 30)]));
        CameraImage bev = Assert.IsType<CameraImage>(Assert.Single(world.ReadFrame().SensorData));

        Assert.Equal((Size, Size, 4 * Size * Size), (bev.Width, bev.Height, bev.Bgra.Length));
        int egoRow = (int)(Size * 0.75), centre = Size / 2;
        Assert.Equal(BirdEyeViewRenderer.Colors.Ego, Pixel(bev, centre, egoRow));

        // 12 m ahead = 24 px up: the parked car; 6 m ahead: the route on the road; 3 m right of the lane: the road's edge area.
        Assert.Equal(BirdEyeViewRenderer.Colors.Vehicle, Pixel(bev, centre, egoRow - 24));
        Assert.Equal(BirdEyeViewRenderer.Colors.Route, Pixel(bev, centre, egoRow - 12));
        Assert.Equal(BirdEyeViewRenderer.Colors.Road, Pixel(bev, centre, egoRow + 6)); // behind the ego, off the route
        (byte R, byte G, byte B) left = Pixel(bev, centre - 12, egoRow - 12); // 6 m left: across the axis on the opposite lane or beyond
        Assert.NotEqual(BirdEyeViewRenderer.Colors.Route, left);
        Assert.Equal(BirdEyeViewRenderer.Colors.OffRoad, Pixel(bev, centre + 20, egoRow)); // 10 m right: beyond the sidewalk
    }
}
