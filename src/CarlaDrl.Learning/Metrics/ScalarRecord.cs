namespace CarlaDrl.Learning.Metrics;

/// <summary>One logged scalar; <see cref="Step"/> is in environment timesteps.</summary>
public readonly record struct ScalarRecord(string Key, double Value, long Step);
