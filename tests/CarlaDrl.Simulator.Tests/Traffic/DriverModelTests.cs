using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Tests.Traffic;

/// <summary>The Intelligent Driver Model (Treiber, Hennecke &amp; Helbing 2000) against its closed forms.</summary>
public sealed class DriverModelTests
{
    private static readonly DriverParameters P = DriverParameters.Traffic;

    [Theory]
    [InlineData(0.0)]
    [InlineData(4.0)]
    [InlineData(8.0)]
    public void On_a_free_road_the_acceleration_is_a_times_one_minus_the_fourth_power_of_the_speed_ratio(double v)
    {
        double expected = P.MaxAcceleration * (1 - Math.Pow(v / P.DesiredSpeed, 4));
        Assert.Equal(expected, DriverModel.Idm(v, P.DesiredSpeed, double.PositiveInfinity, 0, P.MinimumGap, P), 12);
    }

    [Fact]
    public void Following_at_the_equilibrium_gap_neither_accelerates_nor_brakes()
    {
        // s* = (s0 + v·T) / √(1 − (v/v0)⁴) makes the IDM acceleration zero for a leader at the same speed.
        const double V = 6;
        double gap = (P.MinimumGap + (V * P.TimeHeadway)) / Math.Sqrt(1 - Math.Pow(V / P.DesiredSpeed, 4));
        Assert.Equal(0, DriverModel.Idm(V, P.DesiredSpeed, gap, 0, P.MinimumGap, P), 9);
        Assert.True(DriverModel.Idm(V, P.DesiredSpeed, gap * 0.8, 0, P.MinimumGap, P) < 0);
        Assert.True(DriverModel.Idm(V, P.DesiredSpeed, gap * 1.2, 0, P.MinimumGap, P) > 0);
    }

    [Fact]
    public void Closing_in_on_a_standing_obstacle_brakes_harder_the_nearer_it_is()
    {
        double previous = double.PositiveInfinity;
        for (double gap = 40; gap >= 2; gap -= 2)
        {
            double a = DriverModel.Idm(8, P.DesiredSpeed, gap, 8, P.StopLineGap, P);
            Assert.True(a < previous, $"gap {gap}: {a}");
            previous = a;
        }

        Assert.True(previous < -P.ComfortableDeceleration);
    }

    [Fact]
    public void With_a_desired_speed_of_zero_the_driver_brakes()
    {
        Assert.True(DriverModel.Idm(3, 0, double.PositiveInfinity, 0, P.MinimumGap, P) < 0);
    }
}
