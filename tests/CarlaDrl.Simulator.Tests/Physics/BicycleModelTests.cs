using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Tests.Support;
using FsCheck.Xunit;

namespace CarlaDrl.Simulator.Tests.Physics;

/// <summary>
/// The player's bicycle model against its own closed forms: braking distance from m·dv/dt = −(F₀ + c·v²), steady-state
/// turn radius (geometric √(l_r² + L²·cot²δ) or grip-limited v²/(μ·g)), the steering-rate limit, reverse gear, rest.
/// </summary>
public sealed class BicycleModelTests
{
    private static readonly VehicleParameters P = VehicleParameters.Default;

    /// <summary>Integration step of the numerical checks: small enough that explicit Euler is within 0.1 % of the closed forms.</summary>
    private const double SmallDt = 1e-3;

    [Theory]
    [InlineData(5.0)]
    [InlineData(10.0)]
    [InlineData(20.0)]
    [InlineData(30.0)]
    public void Full_braking_stops_within_the_closed_form_braking_distance(double speed)
    {
        var state = new VehicleState { Speed = speed };
        var brake = new VehicleControl(0, 0, 1);
        int steps = 0;
        while (state.Speed > 0 && steps < 100_000)
        {
            BicycleModel.Step(ref state, brake, P, SmallDt);
            steps++;
        }

        double expected = BicycleModel.BrakingDistance(speed, P);

        // Tolerance 1 %: the model integrates the same ODE with explicit Euler at 1 ms (error O(dt·v) ≈ 0.1 %).
        Assert.Equal(0, state.Speed);
        Assert.Equal(0, state.Y, 1e-12);
        Assert.InRange(state.X, expected * 0.99, expected * 1.01);

        // Sanity of the closed form itself: at least the pure-brake distance v²/(2·F_brake/m) shortened by drag, and
        // never more than it.
        double brakeOnly = speed * speed / (2 * P.MaxBrakeForceNewtons / P.MassKg);
        Assert.InRange(expected, 0.8 * brakeOnly, brakeOnly);
    }

    [Fact]
    public void A_lighter_brake_pedal_stops_in_the_longer_closed_form_distance()
    {
        var state = new VehicleState { Speed = 15 };
        var halfBrake = new VehicleControl(0, 0, 0.5f);
        while (state.Speed > 0)
        {
            BicycleModel.Step(ref state, halfBrake, P, SmallDt);
        }

        double expected = BicycleModel.BrakingDistance(15, P, brake: 0.5);
        Assert.InRange(state.X, expected * 0.99, expected * 1.01);
        Assert.True(expected > 1.8 * BicycleModel.BrakingDistance(15, P), "half the brake force should nearly double the distance");
    }

    public static TheoryData<double, double, string> Turns => new()
    {
        // Low speed: geometric regime (the grip radius v²/(0.9 g) is far smaller).
        { 0.3, 2.0, "geometric" },
        { 0.6, 2.0, "geometric" },
        { 1.0, 2.0, "geometric" },

        // High speed: the tyres cap v·ψ̇ at 0.9 g, so the car understeers onto R = v²/(0.9 g).
        { 0.3, 15.0, "grip" },
        { 0.6, 15.0, "grip" },
        { 1.0, 15.0, "grip" },

        // High speed with little steer: the geometric radius is the larger one again.
        { 0.1, 15.0, "geometric" },
    };

    [Theory]
    [MemberData(nameof(Turns))]
    public void Holding_the_steer_at_constant_speed_follows_the_steady_state_circle(double steer, double speed, string regime)
    {
        double expected = BicycleModel.SteadyStateTurnRadius(steer, speed, P);
        double grip = speed * speed / (P.LateralGripG * VehicleParameters.Gravity);
        Assert.Equal(regime == "grip", grip >= expected - 1e-9); // the case is in the regime it claims

        (double fitted, double fromYawRate) = CircleOf(steer, speed, handBrake: false);

        // Tolerance 1 %: at constant speed the model's yaw rate is exactly the formula's; the fitted circle only carries
        // the O(dt) position error of the midpoint integration.
        Assert.InRange(fitted, expected * 0.99, expected * 1.01);
        Assert.InRange(fromYawRate, expected * 0.99, expected * 1.01);
    }

    [Fact]
    public void Steering_left_turns_the_yaw_down_and_right_turns_it_up()
    {
        var left = new VehicleState { Speed = 5, Steer = -0.5 };
        var right = new VehicleState { Speed = 5, Steer = 0.5 };
        for (int i = 0; i < 100; i++)
        {
            BicycleModel.Step(ref left, new VehicleControl(-0.5f, 0.3f, 0), P, 0.01);
            BicycleModel.Step(ref right, new VehicleControl(0.5f, 0.3f, 0), P, 0.01);
        }

        // UE4 yaw grows from +X towards +Y, which is to the right; a right turn also drifts the car towards +Y.
        Assert.True(right.YawRadians > 0.1 && right.Y > 0.1, $"right turn: yaw {right.YawRadians}, y {right.Y}");
        Assert.True(left.YawRadians < -0.1 && left.Y < -0.1, $"left turn: yaw {left.YawRadians}, y {left.Y}");
        Assert.Equal(-left.YawRadians, right.YawRadians, 12);
    }

    [Fact]
    public void The_hand_brake_halves_lateral_grip_so_the_circle_at_speed_widens()
    {
        const double Steer = 0.3, Speed = 10;
        double normal = BicycleModel.SteadyStateTurnRadius(Steer, Speed, P);
        double withHandBrake = BicycleModel.SteadyStateTurnRadius(Steer, Speed, P, handBrake: true);
        Assert.Equal(Speed * Speed / (P.HandBrakeLateralGripG * VehicleParameters.Gravity), withHandBrake, 9);
        Assert.True(withHandBrake > 1.5 * normal, $"hand brake {withHandBrake:0.0} m vs {normal:0.0} m");

        (double fitted, _) = CircleOf(Steer, Speed, handBrake: true);
        (double fittedNormal, _) = CircleOf(Steer, Speed, handBrake: false);
        Assert.InRange(fitted, withHandBrake * 0.99, withHandBrake * 1.01);
        Assert.InRange(fittedNormal, normal * 0.99, normal * 1.01);
    }

    [Fact]
    public void The_steering_input_moves_at_the_rate_limit()
    {
        const double Dt = 0.01;
        var state = new VehicleState { Steer = -1 };
        var fullRight = new VehicleControl(1, 0, 0);
        double perStep = P.SteerRatePerSecond * Dt;
        int stepsToFull = (int)Math.Ceiling(2 / perStep);
        for (int k = 1; k <= stepsToFull + 20; k++)
        {
            BicycleModel.Step(ref state, fullRight, P, Dt);
            Assert.Equal(Math.Min(1, -1 + (k * perStep)), state.Steer, 9);
        }

        // −1 → 1 takes 2 / rate seconds (0.4 s at 5 per second), and never overshoots.
        Assert.Equal(40, stepsToFull);
        Assert.Equal(1, state.Steer);
    }

    [Fact]
    public void Reverse_gear_drives_backwards_up_to_the_reverse_speed_limit()
    {
        const double Dt = 0.01;
        var state = new VehicleState { YawRadians = 0.5 };
        var reverse = new VehicleControl(0, 1, 0, Reverse: true);
        double slowest = 0;
        for (int i = 0; i < 3000; i++)
        {
            BicycleModel.Step(ref state, reverse, P, Dt);
            slowest = Math.Min(slowest, state.Speed);
            Assert.True(state.ReverseGear);
        }

        // The drive cuts out at the limit, so the speed exceeds it by at most one step of full drive force.
        double overshoot = P.MaxDriveForceNewtons / P.MassKg * Dt;
        Assert.InRange(slowest, -P.MaxReverseSpeedMetersPerSecond - overshoot, -P.MaxReverseSpeedMetersPerSecond + 0.05);
        Assert.InRange(state.Speed, -P.MaxReverseSpeedMetersPerSecond - overshoot, -P.MaxReverseSpeedMetersPerSecond + 0.05);

        // Backwards along the heading (cos 0.5, sin 0.5), 30 s at up to 6 m/s.
        double along = (state.X * Math.Cos(0.5)) + (state.Y * Math.Sin(0.5));
        double across = (-state.X * Math.Sin(0.5)) + (state.Y * Math.Cos(0.5));
        Assert.InRange(along, -6 * 30, -6 * 25);
        Assert.Equal(0, across, 9);
    }

    [Fact]
    public void Engaging_reverse_while_rolling_forward_first_brakes_the_car_then_backs_up()
    {
        var state = new VehicleState { Speed = 5 };
        var reverse = new VehicleControl(0, 1, 0, Reverse: true);
        double previous = state.Speed;
        while (state.Speed > 0)
        {
            BicycleModel.Step(ref state, reverse, P, 0.01);
            Assert.True(state.Speed < previous, "reverse drive must slow a car rolling forward");
            previous = state.Speed;
        }

        for (int i = 0; i < 100; i++)
        {
            BicycleModel.Step(ref state, reverse, P, 0.01);
        }

        Assert.True(state.Speed < -1, $"speed {state.Speed}");
    }

    [Property(MaxTest = 100)]
    public bool A_car_at_rest_without_throttle_stays_exactly_where_it_is(int seed)
    {
        var rng = new Rng((long)seed);
        var state = new VehicleState { X = rng.Uniform(-500, 500), Y = rng.Uniform(-500, 500), YawRadians = rng.Uniform(-Math.PI, Math.PI) };
        VehicleState start = state;
        for (int i = 0; i < 200; i++)
        {
            var control = new VehicleControl((float)rng.Uniform(-1, 1), 0, (float)rng.NextDouble(), rng.NextDouble() < 0.5, rng.NextDouble() < 0.5);
            BicycleModel.Step(ref state, control, P, rng.Uniform(0.001, 0.1));
            if (state.Speed != 0 || state.X != start.X || state.Y != start.Y || state.YawRadians != start.YawRadians || state.YawRate != 0)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void NaN_inputs_act_as_zero()
    {
        var nan = new VehicleState { Speed = 8, Steer = 0.2 };
        var zero = nan;
        for (int i = 0; i < 50; i++)
        {
            BicycleModel.Step(ref nan, new VehicleControl(float.NaN, float.NaN, float.NaN), P, 0.02);
            BicycleModel.Step(ref zero, new VehicleControl(0, 0, 0), P, 0.02);
            Assert.Equal(zero, nan);
        }

        Assert.True(double.IsFinite(nan.Speed) && nan.Speed is > 0 and < 8);
        Assert.Equal(0, nan.Steer);
    }

    [Fact]
    public void Out_of_range_inputs_are_clamped()
    {
        var over = new VehicleState { Speed = 3 };
        var limit = over;
        for (int i = 0; i < 50; i++)
        {
            BicycleModel.Step(ref over, new VehicleControl(7, 3, -2), P, 0.02);
            BicycleModel.Step(ref limit, new VehicleControl(1, 1, 0), P, 0.02);
            Assert.Equal(limit, over);
        }
    }

    [Property(MaxTest = 100)]
    public bool Any_control_sequence_keeps_the_state_finite_and_the_yaw_wrapped(int seed)
    {
        var rng = new Rng((long)seed);
        var state = new VehicleState { Speed = rng.Uniform(-6, 40), YawRadians = rng.Uniform(-Math.PI, Math.PI) };
        for (int i = 0; i < 300; i++)
        {
            var control = new VehicleControl(
                (float)rng.Uniform(-1.5, 1.5), (float)rng.Uniform(-0.5, 1.5), (float)rng.Uniform(-0.5, 1.5), rng.NextDouble() < 0.2, rng.NextDouble() < 0.2);
            BicycleModel.Step(ref state, control, P, rng.Uniform(0.001, 0.1));
            bool finite = double.IsFinite(state.Speed) && double.IsFinite(state.X) && double.IsFinite(state.Y) && double.IsFinite(state.YawRate) && double.IsFinite(state.SlipAngle);
            if (!finite || state.YawRadians <= -Math.PI || state.YawRadians > Math.PI || Math.Abs(state.Steer) > 1)
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 100)]
    public bool Resistance_alone_never_reverses_or_speeds_up_the_car(int seed)
    {
        var rng = new Rng((long)seed);
        double initial = rng.Uniform(-8, 45);
        var state = new VehicleState { Speed = initial };
        for (int i = 0; i < 300; i++)
        {
            // No throttle: brake, hand brake, engine braking, drag and rolling resistance only, in either gear.
            var control = new VehicleControl((float)rng.Uniform(-1, 1), 0, (float)rng.NextDouble(), rng.NextDouble() < 0.3, rng.NextDouble() < 0.3);
            double before = state.Speed;
            BicycleModel.Step(ref state, control, P, rng.Uniform(0.001, 0.2));
            bool sameSign = before > 0 ? state.Speed >= 0 : before < 0 ? state.Speed <= 0 : state.Speed == 0;
            if (!sameSign || Math.Abs(state.Speed) > Math.Abs(before))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Drives one full circle at constant speed with the wheel already at <paramref name="steer"/> and returns the
    /// radius of the least-squares circle through the pivot's path and v/ψ̇ from the model's yaw rate.
    /// </summary>
    private static (double Fitted, double FromYawRate) CircleOf(double steer, double speed, bool handBrake)
    {
        var state = new VehicleState { Speed = speed, Steer = steer };
        var control = new VehicleControl((float)steer, 0, 0, handBrake);
        double expected = BicycleModel.SteadyStateTurnRadius(steer, speed, P, handBrake);
        int steps = (int)Math.Ceiling(2 * Math.PI * expected / speed / SmallDt);
        var xs = new List<double>();
        var ys = new List<double>();
        double yawRate = 0;
        for (int i = 0; i < steps; i++)
        {
            state.Speed = speed; // hold the speed: the check is about the lateral model
            BicycleModel.Step(ref state, control, P, SmallDt);
            yawRate = state.YawRate;
            if (i % 10 == 0)
            {
                xs.Add(state.X);
                ys.Add(state.Y);
            }
        }

        return (CircleFit.Radius(xs, ys), speed / Math.Abs(yawRate));
    }
}
