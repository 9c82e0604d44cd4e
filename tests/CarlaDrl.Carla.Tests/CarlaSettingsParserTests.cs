using CarlaDrl.Carla.Settings;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Tests;

/// <summary>The server's reading of CarlaSettings (spec §9 "Server parsing rules", §12.10).</summary>
public sealed class CarlaSettingsParserTests
{
    [Fact]
    public void Sensor_sections_inherit_from_parent_sections()
    {
        const string ini = """
            [CARLA/Sensor]
            Sensors=MyCamera/RGB,MyCamera/Depth,Solo
            ; every sensor defaults to this
            ImageSizeX=100
            PositionZ=3.0

            [CARLA/Sensor/MyCamera]
            SensorType=CAMERA
            ImageSizeY=50
            FOV=120

            [CARLA/Sensor/MyCamera/Depth]
            PostProcessing=Depth
            ImageSizeX=200

            [CARLA/Sensor/Solo]
            SensorType=CAMERA
            """;
        IReadOnlyList<SensorDefinition> sensors = new CarlaSettingsParser().Parse(ini).Sensors;
        Assert.Equal(["MyCamera/RGB", "MyCamera/Depth", "Solo"], sensors.Select(s => s.Name));
        var rgb = (CameraDefinition)sensors[0];
        var depth = (CameraDefinition)sensors[1];
        var solo = (CameraDefinition)sensors[2];
        Assert.Equal((100, 50, 120f, PostProcessing.SceneFinal, 3f), (rgb.ImageSizeX, rgb.ImageSizeY, rgb.Fov, rgb.PostProcessing, rgb.PositionZ));
        Assert.Equal((200, 50, 120f, PostProcessing.Depth), (depth.ImageSizeX, depth.ImageSizeY, depth.Fov, depth.PostProcessing));
        Assert.Equal((100, 512, 90f, 1.7f, 0f, 3f), (solo.ImageSizeX, solo.ImageSizeY, solo.Fov, solo.PositionX, solo.PositionY, solo.PositionZ)); // server defaults
    }

    [Fact]
    public void Keys_are_case_insensitive_and_values_use_c_semantics()
    {
        const string ini = """
            [carla/server]
            synchronousmode=off
            SENDNONPLAYERAGENTSINFO=yes
            [CARLA/LevelSettings]
            numberofvehicles=12abc
            NumberOfPedestrians=  7
            WeatherId=3.9
            [CARLA/Sensor]
            Sensors=Lidar
            [CARLA/Sensor/Lidar]
            sensortype=LIDAR_RAY_CAST
            UpperFOVLimit=15
            lowerfovlimit=-20.5xyz
            Range=1e1
            ShowDebugPoints=1
            """;
        EpisodeSettings s = new CarlaSettingsParser().Parse(ini);
        Assert.False(s.SynchronousMode);
        Assert.True(s.SendNonPlayerAgentsInfo);
        Assert.Equal((12, 7, 3), (s.NumberOfVehicles, s.NumberOfPedestrians, s.WeatherId));
        var lidar = Assert.IsType<LidarDefinition>(Assert.Single(s.Sensors));
        Assert.Equal((15f, -20.5f, 10f, true, 32, 56000), (lidar.UpperFovLimit, lidar.LowerFovLimit, lidar.Range, lidar.ShowDebugPoints, lidar.Channels, lidar.PointsPerSecond));
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("YES", true)]
    [InlineData("no", false)]
    [InlineData("On", true)]
    [InlineData("off", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("42", true)]
    [InlineData("banana", false)]
    public void Booleans_accept_words_and_numbers(string text, bool expected) => Assert.Equal(expected, IniValues.ToBool(text));

    [Theory]
    [InlineData("  -12xyz", -12)]
    [InlineData("+7", 7)]
    [InlineData("abc", 0)]
    [InlineData("", 0)]
    [InlineData("99999999999", int.MaxValue)]
    public void Atoi_reads_the_numeric_prefix(string text, int expected) => Assert.Equal(expected, IniValues.Atoi(text));

    [Theory]
    [InlineData("1.5e2m", 150)]
    [InlineData("-.5", -0.5)]
    [InlineData("3e", 3)]
    [InlineData("x1", 0)]
    public void Atof_reads_the_numeric_prefix(string text, double expected) => Assert.Equal(expected, IniValues.Atof(text));

    [Fact]
    public void Values_are_sticky_across_requests_except_the_sensor_list()
    {
        var messages = new List<string>();
        var parser = new CarlaSettingsParser(messages.Add);
        EpisodeSettings first = parser.Parse("""
            [CARLA/Server]
            SynchronousMode=False
            [CARLA/LevelSettings]
            NumberOfVehicles=3
            SeedVehicles=99
            WeatherId=8
            [CARLA/QualitySettings]
            QualityLevel=Low
            [CARLA/Sensor]
            Sensors=Cam
            [CARLA/Sensor/Cam]
            SensorType=CAMERA
            """);
        EpisodeSettings second = parser.Parse("[CARLA/LevelSettings]\nNumberOfPedestrians=2\n");
        Assert.Single(first.Sensors);
        Assert.Empty(second.Sensors);
        Assert.Equal((false, 3, 2, 99, 8, QualityLevel.Low), (second.SynchronousMode, second.NumberOfVehicles, second.NumberOfPedestrians, second.SeedVehicles, second.WeatherId, second.QualityLevel));
        Assert.Equal(CarlaSettingsParser.DefaultSeed, second.SeedPedestrians); // never set: the server default
        Assert.Empty(messages);
    }

    [Fact]
    public void Defaults_before_any_value_are_the_servers()
    {
        EpisodeSettings s = new CarlaSettingsParser().Parse("");
        Assert.Equal((true, false, 5, 15, CarlaSettingsParser.DefaultSeed, CarlaSettingsParser.DefaultSeed, QualityLevel.Epic), (s.SynchronousMode, s.SendNonPlayerAgentsInfo, s.NumberOfVehicles, s.NumberOfPedestrians, s.SeedVehicles, s.SeedPedestrians, s.QualityLevel));
    }

    [Fact]
    public void QualityLevel_changes_only_with_a_recognised_case_sensitive_value()
    {
        var messages = new List<string>();
        var parser = new CarlaSettingsParser(messages.Add);
        Assert.Equal(QualityLevel.Low, parser.Parse("[CARLA/QualitySettings]\nQualityLevel=Low").QualityLevel);
        Assert.Equal(QualityLevel.Low, parser.Parse("[CARLA/QualitySettings]\nQualityLevel=epic").QualityLevel);
        Assert.Contains(messages, m => m.Contains("'epic'", StringComparison.Ordinal));
        Assert.Equal(QualityLevel.Epic, parser.Parse("[CARLA/QualitySettings]\nQualityLevel=Epic").QualityLevel);
    }

    [Fact]
    public void An_unknown_sensor_type_drops_the_sensor_with_a_message()
    {
        var messages = new List<string>();
        EpisodeSettings s = new CarlaSettingsParser(messages.Add).Parse("""
            [CARLA/Sensor]
            Sensors=Good,Radar,NoType
            [CARLA/Sensor/Good]
            SensorType=CAMERA
            [CARLA/Sensor/Radar]
            SensorType=RADAR
            """);
        Assert.Equal("Good", Assert.Single(s.Sensors).Name);
        Assert.Contains(messages, m => m.Contains("'Radar'", StringComparison.Ordinal) && m.Contains("RADAR", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'NoType'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_out_of_range_weather_keeps_the_current_weather()
    {
        var messages = new List<string>();
        var parser = new CarlaSettingsParser(messages.Add);
        Assert.Equal(4, parser.Parse("[CARLA/LevelSettings]\nWeatherId=4").WeatherId);
        Assert.Equal(4, parser.Parse("[CARLA/LevelSettings]\nWeatherId=15").WeatherId);
        Assert.Contains(messages, m => m.Contains("WeatherId 15", StringComparison.Ordinal));
        Assert.Equal(4, parser.Parse("[CARLA/LevelSettings]\nWeatherId=-1").WeatherId);
        Assert.Equal(0, parser.Parse("[CARLA/LevelSettings]\nWeatherId=0").WeatherId);
    }

    [Fact]
    public void Duplicate_sensor_names_collapse_and_invalid_sensors_are_dropped()
    {
        var messages = new List<string>();
        EpisodeSettings s = new CarlaSettingsParser(messages.Add).Parse("""
            [CARLA/Sensor]
            Sensors=A, A ,Huge
            SensorType=CAMERA
            [CARLA/Sensor/Huge]
            ImageSizeX=100000
            """);
        Assert.Equal("A", Assert.Single(s.Sensors).Name);
        Assert.Contains(messages, m => m.Contains("'Huge' dropped", StringComparison.Ordinal));
    }
}
