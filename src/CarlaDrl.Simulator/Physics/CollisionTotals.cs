namespace CarlaDrl.Simulator.Physics;

/// <summary>Accumulated collision impulses of an episode by class, kg·m/s (protocol spec §6).</summary>
public struct CollisionTotals
{
    public double Vehicles;
    public double Pedestrians;
    public double Other;
}
