namespace CarlaDrl.Learning.Metrics;

/// <summary>One logged text entry; <see cref="Step"/> is in environment timesteps.</summary>
public readonly record struct TextRecord(string Key, string Text, long Step);
