namespace CarlaDrl.Simulator.Physics;

/// <summary>The kinematic state of a bicycle-model car. Pose is the pivot (box centre on the ground).</summary>
public struct VehicleState
{
    /// <summary>Pivot position, m (UE4 X/Y).</summary>
    public double X;

    public double Y;

    /// <summary>Yaw, radians, positive turning from +X towards +Y (to the right).</summary>
    public double YawRadians;

    /// <summary>Signed speed along the chassis forward axis, m/s.</summary>
    public double Speed;

    /// <summary>Steering input after the rate limit, −1 … 1.</summary>
    public double Steer;

    /// <summary>Reverse gear (−1) selected.</summary>
    public bool ReverseGear;

    /// <summary>Yaw rate of the last step, rad/s.</summary>
    public double YawRate;

    /// <summary>Side-slip angle of the pivot's velocity relative to the chassis, radians (last step).</summary>
    public double SlipAngle;
}
