namespace CarlaDrl.Envs.Spaces;

/// <summary>Element types of space values, named after their NumPy dtypes in <c>ToString</c>.</summary>
public enum DType
{
// CA1720 flags names that contain type names; naming dtypes after their types is the point here.
#pragma warning disable CA1720
    Float32,
    Float64,
    UInt8,
    Int32,
    Int64,
    Bool,
#pragma warning restore CA1720
}
