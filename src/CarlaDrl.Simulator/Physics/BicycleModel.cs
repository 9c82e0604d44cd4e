using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Physics;

/// <summary>
/// Kinematic bicycle model with a tyre-grip limit (Rajamani, "Vehicle Dynamics and Control", §2.2), pivot midway
/// between the axles. Longitudinal: drive force throttle·min(F_max, P/|v|), opposed by brake, hand brake, engine
/// braking, drag c·v² and rolling resistance Crr·m·g; resistance never reverses the motion by itself.
/// Lateral: wheel angle δ = steer·δ_max·curve(v) with a steering-rate limit; slip β = atan(tan δ / 2);
/// yaw rate v·cos β·tan δ / L, capped so that |v·ψ̇| ≤ grip·g (understeer beyond the limit).
/// Pure and allocation-free.
/// </summary>
public static class BicycleModel
{
    /// <summary>Below this speed (m/s) a car with no net drive force is held at rest.</summary>
    public const double RestSpeed = 1e-3;

    /// <summary>Advances <paramref name="state"/> by <paramref name="dt"/> seconds under <paramref name="control"/>.</summary>
    public static void Step(ref VehicleState state, in VehicleControl control, VehicleParameters p, double dt)
    {
        double targetSteer = float.IsNaN(control.Steer) ? 0 : Math.Clamp(control.Steer, -1f, 1f);
        double throttle = float.IsNaN(control.Throttle) ? 0 : Math.Clamp(control.Throttle, 0f, 1f);
        double brake = float.IsNaN(control.Brake) ? 0 : Math.Clamp(control.Brake, 0f, 1f);
        double maxSteerStep = p.SteerRatePerSecond * dt;
        state.Steer += Math.Clamp(targetSteer - state.Steer, -maxSteerStep, maxSteerStep);
        state.ReverseGear = control.Reverse;

        // Longitudinal.
        double v = state.Speed;
        double direction = state.ReverseGear ? -1 : 1;
        double drive = throttle * Math.Min(p.MaxDriveForceNewtons, p.MaxPowerWatts / Math.Max(Math.Abs(v), 1.0)) * direction;
        if (state.ReverseGear && v <= -p.MaxReverseSpeedMetersPerSecond)
        {
            drive = 0;
        }

        double resist = (brake * p.MaxBrakeForceNewtons)
            + (control.HandBrake ? p.HandBrakeForceNewtons : 0)
            + (throttle <= 0 ? p.EngineBrakeForceNewtons : 0)
            + (p.DragCoefficient * v * v)
            + (p.RollingResistanceCoefficient * p.MassKg * VehicleParameters.Gravity);
        double v1 = v + (drive / p.MassKg * dt);
        double decel = resist / p.MassKg * dt;
        v1 = v1 > 0 ? Math.Max(0, v1 - decel) : Math.Min(0, v1 + decel);
        if (Math.Abs(v1) < RestSpeed && Math.Abs(drive) <= resist)
        {
            v1 = 0;
        }

        double vMid = 0.5 * (v + v1);
        state.Speed = v1;

        // Lateral.
        double delta = state.Steer * p.MaxSteerAngleDegrees * (Math.PI / 180) * p.SteerFraction(vMid);
        double tanDelta = Math.Tan(delta);
        double beta = Math.Atan(0.5 * tanDelta);
        double yawRate = vMid * Math.Cos(beta) * tanDelta / p.WheelbaseMeters;
        double grip = (control.HandBrake ? p.HandBrakeLateralGripG : p.LateralGripG) * VehicleParameters.Gravity;
        double lateral = Math.Abs(vMid * yawRate);
        if (lateral > grip)
        {
            double scale = grip / lateral;
            yawRate *= scale;
            beta = Math.Atan(Math.Tan(beta) * scale);
        }

        double yawMid = state.YawRadians + (0.5 * yawRate * dt);
        state.X += vMid * Math.Cos(yawMid + beta) * dt;
        state.Y += vMid * Math.Sin(yawMid + beta) * dt;
        state.YawRadians = WrapPi(state.YawRadians + (yawRate * dt));
        state.YawRate = yawRate;
        state.SlipAngle = beta;
    }

    /// <summary>
    /// Radius (m) of the circle the pivot follows in steady state at <paramref name="speed"/> m/s with the wheel fully
    /// at <paramref name="steer"/>: max(√(l_r² + L²·cot²δ), v²/(grip·g)), l_r = L/2.
    /// </summary>
    public static double SteadyStateTurnRadius(double steer, double speed, VehicleParameters p, bool handBrake = false)
    {
        double delta = Math.Abs(steer) * p.MaxSteerAngleDegrees * (Math.PI / 180) * p.SteerFraction(speed);
        double geometric = Math.Sqrt((0.25 * p.WheelbaseMeters * p.WheelbaseMeters) + Math.Pow(p.WheelbaseMeters / Math.Tan(delta), 2));
        double grip = (handBrake ? p.HandBrakeLateralGripG : p.LateralGripG) * VehicleParameters.Gravity;
        return Math.Max(geometric, speed * speed / grip);
    }

    /// <summary>
    /// Distance (m) to stop from <paramref name="speed"/> m/s at full brake, throttle released, from
    /// m·dv/dt = −(F₀ + c·v²): d = m/(2c)·ln(1 + c·v²/F₀) with F₀ = brake + engine braking + rolling resistance.
    /// </summary>
    public static double BrakingDistance(double speed, VehicleParameters p, double brake = 1.0)
    {
        double f0 = (brake * p.MaxBrakeForceNewtons) + p.EngineBrakeForceNewtons + (p.RollingResistanceCoefficient * p.MassKg * VehicleParameters.Gravity);
        double c = p.DragCoefficient;
        return c > 0 ? p.MassKg / (2 * c) * Math.Log(1 + (c * speed * speed / f0)) : p.MassKg * speed * speed / (2 * f0);
    }

    private static double WrapPi(double angle)
    {
        if (angle > Math.PI)
        {
            angle -= 2 * Math.PI;
        }
        else if (angle <= -Math.PI)
        {
            angle += 2 * Math.PI;
        }

        return angle;
    }
}
