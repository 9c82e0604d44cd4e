using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// A camera's world pose: position (m) and orthonormal forward, right and up axes (UE4: right = +Y of a camera
/// looking along +X). Built from a vehicle pose and a sensor mount (position in the vehicle frame, pitch/yaw/roll).
/// </summary>
public readonly record struct CameraPose(
    double X, double Y, double Z,
    double Fx, double Fy, double Fz,
    double Rx, double Ry, double Rz,
    double Ux, double Uy, double Uz)
{
    /// <summary>The pose of a sensor mounted on a vehicle at (x, y) m with yaw (rad), its pivot on the ground.</summary>
    public static CameraPose Mounted(double vehicleX, double vehicleY, double vehicleYawRadians, SensorDefinition mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        double cv = Math.Cos(vehicleYawRadians), sv = Math.Sin(vehicleYawRadians);
        double x = vehicleX + (mount.PositionX * cv) - (mount.PositionY * sv);
        double y = vehicleY + (mount.PositionX * sv) + (mount.PositionY * cv);
        return Looking(x, y, mount.PositionZ, vehicleYawRadians + (mount.RotationYaw * Math.PI / 180), mount.RotationPitch * Math.PI / 180, mount.RotationRoll * Math.PI / 180);
    }

    /// <summary>A pose at a point looking along yaw and pitch (positive up), rolled about the forward axis.</summary>
    public static CameraPose Looking(double x, double y, double z, double yaw, double pitch, double roll = 0)
    {
        double cp = Math.Cos(pitch), sp = Math.Sin(pitch), cy = Math.Cos(yaw), sy = Math.Sin(yaw);
        double fx = cp * cy, fy = cp * sy, fz = sp;
        double rx = -sy, ry = cy, rz = 0;
        double ux = -sp * cy, uy = -sp * sy, uz = cp;
        if (roll != 0)
        {
            double cr = Math.Cos(roll), sr = Math.Sin(roll);
            (rx, ry, rz, ux, uy, uz) = ((rx * cr) + (ux * sr), (ry * cr) + (uy * sr), (rz * cr) + (uz * sr), (ux * cr) - (rx * sr), (uy * cr) - (ry * sr), (uz * cr) - (rz * sr));
        }

        return new CameraPose(x, y, z, fx, fy, fz, rx, ry, rz, ux, uy, uz);
    }

    /// <summary>Camera-space coordinates (right, up, forward depth) of a world point.</summary>
    public (double X, double Y, double Z) ToCamera(double wx, double wy, double wz)
    {
        double dx = wx - X, dy = wy - Y, dz = wz - Z;
        return ((dx * Rx) + (dy * Ry) + (dz * Rz), (dx * Ux) + (dy * Uy) + (dz * Uz), (dx * Fx) + (dy * Fy) + (dz * Fz));
    }
}
