using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Driving.Routes;

/// <summary>A stretch of one lane on a route, from <see cref="StartS"/> to <see cref="EndS"/> metres along it.</summary>
public readonly record struct RouteSegment(Lane Lane, double StartS, double EndS)
{
    public double Length => EndS - StartS;
}
