namespace CarlaDrl.Bridge.Protocol;

/// <summary>
/// Receive timeouts NetMQ can take. Measured here with NetMQ 4.0.4.5: <c>TryReceiveFrameBytes</c> with a positive wait
/// under 1 ms (154 µs, the tail of a deadline) did not return at all; it appears to truncate the wait to 0 whole
/// milliseconds and then block without limit. Every wait is therefore whole milliseconds: zero (a poll) or at least 1 ms.
/// </summary>
internal static class ReceiveWait
{
    public static TimeSpan Of(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));
}
