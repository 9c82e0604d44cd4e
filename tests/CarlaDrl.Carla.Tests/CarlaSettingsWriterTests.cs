using CarlaDrl.Carla.Settings;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Tests;

/// <summary>The INI text exactly as the official Python client's <c>str(CarlaSettings)</c> (spec §9).</summary>
public sealed class CarlaSettingsWriterTests
{
    /// <summary>Spec §9: one CoRL2017 experiment (Town01, weather 1, task 0), byte for byte.</summary>
    private const string Corl2017Experiment =
        "[CARLA/Server]\nSynchronousMode=True\nSendNonPlayerAgentsInfo=True\n\n" +
        "[CARLA/QualitySettings]\nQualityLevel=Epic\n\n" +
        "[CARLA/LevelSettings]\nNumberOfVehicles=0\nNumberOfPedestrians=0\nWeatherId=1\nDisableTwoWheeledVehicles=False\n\n" +
        "[CARLA/Sensor]\nSensors=CameraRGB\n\n" +
        "[CARLA/Sensor/CameraRGB]\nFOV=100\nImageSizeX=800\nImageSizeY=600\nPositionX=2.0\nPositionY=0.0\nPositionZ=1.4\nPostProcessing=SceneFinal\nRotationPitch=-15.0\nRotationRoll=0\nRotationYaw=0\nSensorName=CameraRGB\nSensorType=CAMERA\n\n";

    [Fact]
    public void The_CoRL2017_experiment_is_written_byte_for_byte()
    {
        var settings = new EpisodeSettings
        {
            SynchronousMode = true,
            SendNonPlayerAgentsInfo = true,
            NumberOfVehicles = 0,
            NumberOfPedestrians = 0,
            WeatherId = 1,
            Sensors = [new CameraDefinition("CameraRGB") { Fov = 100, ImageSizeX = 800, ImageSizeY = 600, PositionX = 2.0f, PositionY = 0f, PositionZ = 1.4f, RotationPitch = -15f }],
        };
        Assert.Equal(Corl2017Experiment, CarlaSettingsWriter.Write(settings, CarlaSettingsWriter.Corl2017IntegerKeys));
    }

    [Fact]
    public void Python_defaults_print_floats_as_python_does()
    {
        // CarlaSettings() with randomize_seeds() drawn as 17 and 42, Camera('Cam') and Lidar('L') with their defaults.
        var settings = new EpisodeSettings
        {
            SeedVehicles = 17,
            SeedPedestrians = 42,
            Sensors = [new CameraDefinition("Cam"), new LidarDefinition("L")],
        };
        string expected =
            "[CARLA/Server]\nSynchronousMode=True\nSendNonPlayerAgentsInfo=False\n\n" +
            "[CARLA/QualitySettings]\nQualityLevel=Epic\n\n" +
            "[CARLA/LevelSettings]\nNumberOfVehicles=20\nNumberOfPedestrians=30\nWeatherId=1\nSeedVehicles=17\nSeedPedestrians=42\nDisableTwoWheeledVehicles=False\n\n" +
            "[CARLA/Sensor]\nSensors=Cam,L\n\n" +
            "[CARLA/Sensor/Cam]\nFOV=90.0\nImageSizeX=720\nImageSizeY=512\nPositionX=0.2\nPositionY=0.0\nPositionZ=1.3\nPostProcessing=SceneFinal\nRotationPitch=0.0\nRotationRoll=0.0\nRotationYaw=0.0\nSensorName=Cam\nSensorType=CAMERA\n\n" +
            "[CARLA/Sensor/L]\nChannels=32\nLowerFovLimit=-30.0\nPointsPerSecond=56000\nPositionX=0.2\nPositionY=0.0\nPositionZ=1.3\nRange=50.0\nRotationFrequency=10.0\nRotationPitch=0.0\nRotationRoll=0.0\nRotationYaw=0.0\nSensorName=L\nSensorType=LIDAR_RAY_CAST\nShowDebugPoints=False\nUpperFovLimit=10.0\n\n";
        Assert.Equal(expected, CarlaSettingsWriter.Write(settings));
    }

    [Fact]
    public void No_sensors_write_an_empty_list()
    {
        string text = CarlaSettingsWriter.Write(new EpisodeSettings());
        Assert.EndsWith("[CARLA/Sensor]\nSensors=\n\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seed", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(-0.0f, "-0.0")]
    [InlineData(1e-05f, "1e-05")]
    [InlineData(123456.5f, "123456.5")]
    [InlineData(2f, "2.0")]
    public void Floats_print_as_python_str(float value, string expected) => Assert.Equal(expected, IniValues.PythonFloat(value));

    [Fact]
    public void A_birds_eye_view_is_rejected_with_a_clear_message()
    {
        var settings = new EpisodeSettings { Sensors = [new CameraDefinition("CameraRGB"), new BirdEyeViewDefinition("Bev")] };
        var error = Assert.Throws<InvalidSettingsException>(() => CarlaSettingsWriter.Write(settings));
        Assert.Contains("'Bev'", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot render a bird's-eye view", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_writer_writes_the_parser_reads_back()
    {
        var settings = new EpisodeSettings
        {
            SynchronousMode = false,
            SendNonPlayerAgentsInfo = true,
            NumberOfVehicles = 7,
            NumberOfPedestrians = 3,
            WeatherId = 13,
            SeedVehicles = 5,
            SeedPedestrians = 6,
            QualityLevel = QualityLevel.Low,
            DisableTwoWheeledVehicles = true,
            Sensors =
            [
                new CameraDefinition("Front/Depth") { PostProcessing = PostProcessing.Depth, ImageSizeX = 64, ImageSizeY = 48, Fov = 110, PositionX = 2f, PositionZ = 1.4f, RotationPitch = -15f, RotationYaw = 3f, RotationRoll = 1f },
                new LidarDefinition("Lidar32") { Channels = 16, Range = 40, PointsPerSecond = 20000, RotationFrequency = 20, UpperFovLimit = 5, LowerFovLimit = -25, ShowDebugPoints = true, PositionZ = 2.5f },
            ],
        };
        Assert.Equal(settings with { Sensors = [] }, new CarlaSettingsParser().Parse(CarlaSettingsWriter.Write(settings)) with { Sensors = [] });
        Assert.Equal(settings.Sensors, new CarlaSettingsParser().Parse(CarlaSettingsWriter.Write(settings)).Sensors);
    }
}
