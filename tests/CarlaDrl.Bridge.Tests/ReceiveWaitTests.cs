using CarlaDrl.Bridge.Protocol;

namespace CarlaDrl.Bridge.Tests;

/// <summary>NetMQ 4.0.4.5 never returns from a receive with a positive wait under 1 ms (measured): waits must be whole ms.</summary>
public sealed class ReceiveWaitTests
{
    [Theory]
    [InlineData(-5.0, 0.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(0.154, 1.0)]
    [InlineData(0.999, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(99.2, 100.0)]
    public void A_wait_becomes_a_poll_or_whole_milliseconds(double milliseconds, double expected)
    {
        TimeSpan wait = ReceiveWait.Of(TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond)));
        Assert.Equal(expected, wait.TotalMilliseconds);
    }
}
