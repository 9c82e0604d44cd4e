namespace CarlaDrl.Learning.Observations;

/// <summary>A float32 part of an observation, flattened into the vector features at <see cref="Offset"/>.</summary>
/// <param name="Key">The Dict key, or null when the whole observation is this vector.</param>
/// <param name="Length">Elements after flattening.</param>
/// <param name="Offset">Index of its first element in the concatenated vector.</param>
public sealed record VectorPart(string? Key, int Length, int Offset);
