using CarlaDrl.Driving.World;

namespace CarlaDrl.Driving.Tasks;

/// <summary>What an observation encoder may read: the frame's player measurements, the route tracker and the previous action.</summary>
public readonly record struct EncoderInput(PlayerMeasurements Player, RouteTracker Route, float PreviousSteer, float PreviousThrottleBrake);
