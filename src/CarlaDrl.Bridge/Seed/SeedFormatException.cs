namespace CarlaDrl.Bridge.Seed;

/// <summary>
/// A message that does not follow the seed schema (seed-system.md §3.2). <see cref="Kind"/> groups messages wrong
/// in the same way, so each kind is logged once.
/// </summary>
internal sealed class SeedFormatException : FormatException
{
    public SeedFormatException(string kind, string message) : base(message) => Kind = kind;

    public string Kind { get; }
}
