namespace CarlaDrl.Driving.Geometry;

/// <summary>
/// An oriented box: <see cref="Transform"/> relative to its owner's pivot, <see cref="Extent"/> the
/// half-size in metres along the owner's forward, right and up axes (protocol spec §6).
/// </summary>
public readonly record struct BoundingBox(Transform Transform, Vector3D Extent);
