using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// The state of every traffic light of a town over simulated time. Each intersection runs the cycle of
/// <see cref="TrafficLightTiming"/> from a random offset drawn at <see cref="Reset"/>, so neighbouring
/// intersections are not synchronised.
/// </summary>
public sealed class TrafficLightSystem
{
    private readonly TownLayout _layout;
    private readonly TrafficLightTiming _timing;
    private readonly TrafficLightState[] _state;
    private readonly int[] _lightOfApproachLane;
    private readonly double[] _offset;
    private readonly int[] _approachCount;
    private readonly bool[] _walk;
    private readonly double[] _walkRemaining;

    public TrafficLightSystem(TownLayout layout, TrafficLightTiming? timing = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _timing = (timing ?? new TrafficLightTiming()).Validate();
        _state = new TrafficLightState[layout.TrafficLights.Count];
        _lightOfApproachLane = new int[layout.Network.Lanes.Count];
        Array.Fill(_lightOfApproachLane, -1);
        int nodes = layout.Network.Junctions.Count;
        _offset = new double[nodes];
        _approachCount = new int[nodes];
        _walk = new bool[nodes];
        _walkRemaining = new double[nodes];
        foreach (TrafficLightPlacement light in layout.TrafficLights)
        {
            _lightOfApproachLane[light.Approach.Id] = light.Id;
            _approachCount[light.JunctionNode]++;
        }
    }

    public IReadOnlyList<TrafficLightPlacement> Lights => _layout.TrafficLights;

    /// <summary>Draws each intersection's cycle offset and sets the states for time 0.</summary>
    public void Reset(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int n = 0; n < _offset.Length; n++)
        {
            _offset[n] = _approachCount[n] > 0 ? rng.Uniform(0, _timing.CycleSeconds(_approachCount[n])) : 0;
        }

        Update(0);
    }

    /// <summary>Sets every light for simulated time <paramref name="seconds"/> since the episode began.</summary>
    public void Update(double seconds)
    {
        double phase = _timing.GreenSeconds + _timing.YellowSeconds + _timing.AllRedSeconds;
        for (int n = 0; n < _offset.Length; n++)
        {
            _walk[n] = false;
            _walkRemaining[n] = 0;
            if (_approachCount[n] > 0)
            {
                double cycle = _timing.CycleSeconds(_approachCount[n]);
                double t = (seconds + _offset[n]) % cycle;
                double walkStart = _approachCount[n] * phase;
                if (t >= walkStart && t < walkStart + _timing.PedestrianWalkSeconds)
                {
                    _walk[n] = true;
                    _walkRemaining[n] = walkStart + _timing.PedestrianWalkSeconds - t;
                }
            }
        }

        IReadOnlyList<TrafficLightPlacement> placements = _layout.TrafficLights;
        for (int i = 0; i < placements.Count; i++)
        {
            TrafficLightPlacement light = placements[i];
            double cycle = _timing.CycleSeconds(_approachCount[light.JunctionNode]);
            double t = ((seconds + _offset[light.JunctionNode]) % cycle) - (light.ApproachIndex * phase);
            _state[light.Id] = t >= 0 && t < _timing.GreenSeconds ? TrafficLightState.Green
                : t >= _timing.GreenSeconds && t < _timing.GreenSeconds + _timing.YellowSeconds ? TrafficLightState.Yellow
                : TrafficLightState.Red;
        }
    }

    public TrafficLightState StateOf(int lightId) => _state[lightId];

    /// <summary>The light governing the end of road lane <paramref name="laneId"/>, or −1 when none does.</summary>
    public int LightOfApproach(int laneId) => _lightOfApproachLane[laneId];

    /// <summary>Whether pedestrians may cross at intersection node <paramref name="node"/> now, and for how many more seconds.</summary>
    public bool PedestriansMayCross(int node, out double remainingSeconds)
    {
        remainingSeconds = _walkRemaining[node];
        return _walk[node];
    }

    /// <summary>The state a driver on <paramref name="lane"/> sees at its end (green when no light governs it).</summary>
    public TrafficLightState StateAtEndOf(Lane lane)
    {
        ArgumentNullException.ThrowIfNull(lane);
        int light = _lightOfApproachLane[lane.Id];
        return light < 0 ? TrafficLightState.Green : _state[light];
    }
}
