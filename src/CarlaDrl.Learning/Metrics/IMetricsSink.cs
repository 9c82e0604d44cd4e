namespace CarlaDrl.Learning.Metrics;

/// <summary>
/// Where training metrics go (TensorBoard, CSV, memory). Keys use SB3's names (<c>rollout/ep_rew_mean</c>,
/// <c>train/approx_kl</c>, ...); <c>step</c> arguments are environment timesteps, 64-bit.
/// </summary>
public interface IMetricsSink : IDisposable
{
    void Scalar(string key, double value, long step);

    /// <summary>A text entry, e.g. the run's hyperparameters.</summary>
    void Text(string key, string text, long step);

    /// <summary>Makes everything written so far durable (readable by TensorBoard, a CSV reader, ...).</summary>
    void Flush();
}
