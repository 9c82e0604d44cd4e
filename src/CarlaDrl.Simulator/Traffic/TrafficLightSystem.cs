using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// The state of every traffic light of a town over simulated time. Each intersection runs the cycle of
/// <see cref="TrafficLightTiming"/> from a random offset drawn at <see cref="Reset"/>, so neighbouring
/// intersections are not synchronised. Pedestrians cross an arm while its approach is red for long enough
/// (concurrent walk; turning cars yield to them), and everywhere during an optional exclusive walk phase.
/// </summary>
public sealed class TrafficLightSystem
{
    private readonly TownLayout _layout;
    private readonly TrafficLightTiming _timing;
    private readonly TrafficLightState[] _state;
    private readonly double[] _untilGreen;
    private readonly double[] _sinceGreen;
    private readonly int[] _lightOfApproachLane;
    private readonly double[] _offset;
    private readonly int[] _phaseCount;
    private readonly bool[] _exclusiveWalk;
    private readonly double[] _exclusiveWalkRemaining;

    public TrafficLightSystem(TownLayout layout, TrafficLightTiming? timing = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _timing = (timing ?? new TrafficLightTiming()).Validate();
        _state = new TrafficLightState[layout.TrafficLights.Count];
        _untilGreen = new double[layout.TrafficLights.Count];
        _sinceGreen = new double[layout.TrafficLights.Count];
        _lightOfApproachLane = new int[layout.Network.Lanes.Count];
        Array.Fill(_lightOfApproachLane, -1);
        int nodes = layout.Network.Junctions.Count;
        _offset = new double[nodes];
        _phaseCount = new int[nodes];
        _exclusiveWalk = new bool[nodes];
        _exclusiveWalkRemaining = new double[nodes];
        foreach (TrafficLightPlacement light in layout.TrafficLights)
        {
            _lightOfApproachLane[light.Approach.Id] = light.Id;
            _phaseCount[light.JunctionNode] = light.PhaseCount;
        }
    }

    public IReadOnlyList<TrafficLightPlacement> Lights => _layout.TrafficLights;

    public TrafficLightTiming Timing => _timing;

    /// <summary>Draws each intersection's cycle offset and sets the states for time 0.</summary>
    public void Reset(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int n = 0; n < _offset.Length; n++)
        {
            _offset[n] = _phaseCount[n] > 0 ? rng.Uniform(0, _timing.CycleSeconds(_phaseCount[n])) : 0;
        }

        Update(0);
    }

    /// <summary>Sets every light for simulated time <paramref name="seconds"/> since the episode began.</summary>
    public void Update(double seconds)
    {
        double phaseLength = _timing.GreenSeconds + _timing.YellowSeconds + _timing.AllRedSeconds;
        for (int n = 0; n < _offset.Length; n++)
        {
            _exclusiveWalk[n] = false;
            _exclusiveWalkRemaining[n] = 0;
            if (_phaseCount[n] > 0 && _timing.PedestrianWalkSeconds > 0)
            {
                double t = (seconds + _offset[n]) % _timing.CycleSeconds(_phaseCount[n]);
                double walkStart = _phaseCount[n] * phaseLength;
                if (t >= walkStart && t < walkStart + _timing.PedestrianWalkSeconds)
                {
                    _exclusiveWalk[n] = true;
                    _exclusiveWalkRemaining[n] = walkStart + _timing.PedestrianWalkSeconds - t;
                }
            }
        }

        IReadOnlyList<TrafficLightPlacement> placements = _layout.TrafficLights;
        for (int i = 0; i < placements.Count; i++)
        {
            TrafficLightPlacement light = placements[i];
            double cycle = _timing.CycleSeconds(_phaseCount[light.JunctionNode]);
            double t = (seconds + _offset[light.JunctionNode]) % cycle;
            double intoPhase = t - (light.Phase * phaseLength);
            if (intoPhase < 0)
            {
                intoPhase += cycle;
            }

            _state[light.Id] = intoPhase < _timing.GreenSeconds ? TrafficLightState.Green
                : intoPhase < _timing.GreenSeconds + _timing.YellowSeconds ? TrafficLightState.Yellow
                : TrafficLightState.Red;
            _untilGreen[light.Id] = _state[light.Id] == TrafficLightState.Red ? cycle - intoPhase : 0;
            _sinceGreen[light.Id] = _state[light.Id] == TrafficLightState.Green ? intoPhase : double.PositiveInfinity;
        }
    }

    public TrafficLightState StateOf(int lightId) => _state[lightId];

    /// <summary>Seconds since light <paramref name="lightId"/> turned green (∞ unless it is green).</summary>
    public double SecondsSinceGreen(int lightId) => _sinceGreen[lightId];

    /// <summary>Seconds until light <paramref name="lightId"/> turns green (0 unless it is red).</summary>
    public double SecondsUntilGreen(int lightId) => _untilGreen[lightId];

    /// <summary>The light placement governing the end of road lane <paramref name="laneId"/>, or null.</summary>
    public TrafficLightPlacement? PlacementOfApproach(int laneId)
    {
        int light = _lightOfApproachLane[laneId];
        return light < 0 ? null : _layout.TrafficLights[light];
    }

    /// <summary>The light governing the end of road lane <paramref name="laneId"/>, or −1 when none does.</summary>
    public int LightOfApproach(int laneId) => _lightOfApproachLane[laneId];

    /// <summary>
    /// Whether a pedestrian needing <paramref name="seconds"/> may start across crosswalk <paramref name="crosswalk"/>:
    /// its arm's approach stays red that long, or an exclusive walk phase lasts that long.
    /// </summary>
    public bool PedestriansMayCross(Crosswalk crosswalk, double seconds)
    {
        ArgumentNullException.ThrowIfNull(crosswalk);
        if (_exclusiveWalk[crosswalk.JunctionNode] && _exclusiveWalkRemaining[crosswalk.JunctionNode] >= seconds)
        {
            return true;
        }

        return crosswalk.LightId >= 0 && _state[crosswalk.LightId] == TrafficLightState.Red && _untilGreen[crosswalk.LightId] >= seconds;
    }

    /// <summary>The state a driver on <paramref name="lane"/> sees at its end (green when no light governs it).</summary>
    public TrafficLightState StateAtEndOf(Lane lane)
    {
        ArgumentNullException.ThrowIfNull(lane);
        int light = _lightOfApproachLane[lane.Id];
        return light < 0 ? TrafficLightState.Green : _state[light];
    }
}
