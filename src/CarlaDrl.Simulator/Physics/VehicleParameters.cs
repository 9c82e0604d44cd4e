namespace CarlaDrl.Simulator.Physics;

/// <summary>
/// Parameters of the player's bicycle model, in SI units. Defaults describe a mid-size car like CARLA 0.8.4's
/// default Mustang: 4.8 × 2.1 m, 1500 kg, 70° maximum wheel angle at standstill (protocol spec §6) reduced with
/// speed by UE4's default steering curve, and tyre grip that caps lateral acceleration.
/// </summary>
public sealed record VehicleParameters
{
    public static readonly VehicleParameters Default = new();

    /// <summary>Mass, kg.</summary>
    public double MassKg { get; init; } = 1500;

    /// <summary>Half length, half width and half height of the body box, m (CARLA's bounding-box extent).</summary>
    public double HalfLengthMeters { get; init; } = 2.4;

    public double HalfWidthMeters { get; init; } = 1.05;

    public double HalfHeightMeters { get; init; } = 0.75;

    /// <summary>Distance between axles, m; the pivot (box centre) lies midway.</summary>
    public double WheelbaseMeters { get; init; } = 2.9;

    /// <summary>Front-wheel angle at steer = ±1 and zero speed, degrees.</summary>
    public double MaxSteerAngleDegrees { get; init; } = 70;

    /// <summary>
    /// UE4's default steering curve (UWheeledVehicleMovementComponent4W): the available fraction of the maximum
    /// wheel angle falls linearly from 1 at 0 km/h to 0.7 at 40 km/h and 0.6 at 120 km/h, constant beyond.
    /// </summary>
    public double SteerFractionAt40Kmh { get; init; } = 0.7;

    public double SteerFractionAt120Kmh { get; init; } = 0.6;

    /// <summary>How fast the steering input can move, in steer units per second (2 = full lock to centre in 0.5 s).</summary>
    public double SteerRatePerSecond { get; init; } = 5.0;

    /// <summary>Tyre grip: the largest lateral acceleration, as a multiple of g. Beyond it the car understeers.</summary>
    public double LateralGripG { get; init; } = 0.9;

    /// <summary>Lateral grip with the hand brake on (locked rear wheels), multiple of g.</summary>
    public double HandBrakeLateralGripG { get; init; } = 0.45;

    /// <summary>Largest drive force at full throttle, N.</summary>
    public double MaxDriveForceNewtons { get; init; } = 7000;

    /// <summary>Engine power limit, W: drive force ≤ power / speed.</summary>
    public double MaxPowerWatts { get; init; } = 120_000;

    /// <summary>Braking force at brake = 1, N (≈ 8 m/s² for 1500 kg).</summary>
    public double MaxBrakeForceNewtons { get; init; } = 12_000;

    /// <summary>Extra braking force of the hand brake, N.</summary>
    public double HandBrakeForceNewtons { get; init; } = 6_000;

    /// <summary>Engine braking with the throttle released, N.</summary>
    public double EngineBrakeForceNewtons { get; init; } = 300;

    /// <summary>Aerodynamic drag coefficient c in F = c·v², N·s²/m² (½·ρ·Cd·A = ½·1.225·0.35·2.2).</summary>
    public double DragCoefficient { get; init; } = 0.47;

    /// <summary>Rolling-resistance coefficient: F = Crr·m·g, dimensionless.</summary>
    public double RollingResistanceCoefficient { get; init; } = 0.015;

    /// <summary>Top speed in reverse gear, m/s.</summary>
    public double MaxReverseSpeedMetersPerSecond { get; init; } = 6;

    /// <summary>Standard gravity, m/s².</summary>
    public const double Gravity = 9.81;

    public VehicleParameters Validate()
    {
        Positive(MassKg, nameof(MassKg));
        Positive(HalfLengthMeters, nameof(HalfLengthMeters));
        Positive(HalfWidthMeters, nameof(HalfWidthMeters));
        Positive(HalfHeightMeters, nameof(HalfHeightMeters));
        Positive(WheelbaseMeters, nameof(WheelbaseMeters));
        if (!(MaxSteerAngleDegrees > 0 && MaxSteerAngleDegrees < 89))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteerAngleDegrees), MaxSteerAngleDegrees, "VehicleParameters.MaxSteerAngleDegrees must be in (0, 89) degrees.");
        }

        Positive(SteerRatePerSecond, nameof(SteerRatePerSecond));
        Positive(LateralGripG, nameof(LateralGripG));
        Positive(HandBrakeLateralGripG, nameof(HandBrakeLateralGripG));
        Positive(MaxDriveForceNewtons, nameof(MaxDriveForceNewtons));
        Positive(MaxPowerWatts, nameof(MaxPowerWatts));
        Positive(MaxBrakeForceNewtons, nameof(MaxBrakeForceNewtons));
        Positive(MaxReverseSpeedMetersPerSecond, nameof(MaxReverseSpeedMetersPerSecond));
        NonNegative(HandBrakeForceNewtons, nameof(HandBrakeForceNewtons));
        NonNegative(EngineBrakeForceNewtons, nameof(EngineBrakeForceNewtons));
        NonNegative(DragCoefficient, nameof(DragCoefficient));
        NonNegative(RollingResistanceCoefficient, nameof(RollingResistanceCoefficient));
        return this;
    }

    /// <summary>The fraction of the maximum wheel angle available at <paramref name="speed"/> m/s (steering curve).</summary>
    public double SteerFraction(double speed)
    {
        double kmh = Math.Abs(speed) * 3.6;
        if (kmh <= 40)
        {
            return 1 + ((SteerFractionAt40Kmh - 1) * kmh / 40);
        }

        if (kmh <= 120)
        {
            return SteerFractionAt40Kmh + ((SteerFractionAt120Kmh - SteerFractionAt40Kmh) * (kmh - 40) / 80);
        }

        return SteerFractionAt120Kmh;
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"VehicleParameters.{name} must be a positive finite number.");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"VehicleParameters.{name} must be zero or positive.");
        }
    }
}
