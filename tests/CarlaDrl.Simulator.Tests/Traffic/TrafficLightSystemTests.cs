using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Tests.Traffic;

/// <summary>
/// Two-phase signals: every light cycles green → yellow → red with the configured durations, opposite approaches
/// share a phase, crossing phases are never open together, and pedestrians cross only over arms held red.
/// </summary>
[Collection(BusyTownGroup.Name)]
public sealed class TrafficLightSystemTests(BusyTownRun run)
{
    private const double TickSeconds = 0.1;

    [Fact]
    public void Every_light_cycles_green_yellow_red_in_that_order()
    {
        Assert.NotEmpty(run.LightStates);
        for (int l = 0; l < run.LightStates.Length; l++)
        {
            TrafficLightState[] states = run.LightStates[l];
            Assert.Contains(TrafficLightState.Green, states);
            Assert.Contains(TrafficLightState.Yellow, states);
            Assert.Contains(TrafficLightState.Red, states);
            for (int t = 1; t < states.Length; t++)
            {
                if (states[t] != states[t - 1])
                {
                    TrafficLightState expected = states[t - 1] switch
                    {
                        TrafficLightState.Green => TrafficLightState.Yellow,
                        TrafficLightState.Yellow => TrafficLightState.Red,
                        _ => TrafficLightState.Green,
                    };
                    Assert.True(states[t] == expected, $"light {l} went {states[t - 1]} → {states[t]} at step {t}");
                }
            }
        }
    }

    [Fact]
    public void Each_colour_lasts_as_long_as_the_timing_says()
    {
        TrafficLightTiming timing = run.Timing;
        foreach (TrafficLightPlacement light in run.Layout.TrafficLights)
        {
            double cycle = timing.CycleSeconds(light.PhaseCount);
            var expected = new Dictionary<TrafficLightState, double>
            {
                [TrafficLightState.Green] = timing.GreenSeconds,
                [TrafficLightState.Yellow] = timing.YellowSeconds,
                [TrafficLightState.Red] = cycle - timing.GreenSeconds - timing.YellowSeconds,
            };

            // Whole spells only (not the first or the last, which the run cuts); ±1 tick of sampling.
            TrafficLightState[] states = run.LightStates[light.Id];
            int spells = 0;
            for (int start = FirstChange(states, 0); start > 0;)
            {
                int end = FirstChange(states, start);
                if (end < 0)
                {
                    break;
                }

                double seconds = (end - start) * TickSeconds;
                Assert.InRange(seconds, expected[states[start]] - TickSeconds - 1e-9, expected[states[start]] + TickSeconds + 1e-9);
                spells++;
                start = end;
            }

            Assert.True(spells >= 20, $"light {light.Id}: only {spells} whole spells");
        }
    }

    [Fact]
    public void Opposite_approaches_always_show_the_same_colour()
    {
        var lightOfApproach = run.Layout.TrafficLights.ToDictionary(l => l.Approach.Id, l => l.Id);
        int pairs = 0;
        foreach (TrafficLightPlacement light in run.Layout.TrafficLights.Where(l => l.OppositeApproach is not null))
        {
            int opposite = lightOfApproach[light.OppositeApproach!.Id];
            Assert.Equal(light.Phase, run.Layout.TrafficLights[opposite].Phase);
            Assert.Equal(run.LightStates[light.Id], run.LightStates[opposite]);
            pairs++;
        }

        Assert.True(pairs >= 2, $"Town01 has {pairs} opposite approaches with lights");
    }

    [Fact]
    public void Lights_of_different_phases_are_never_open_together()
    {
        foreach (IGrouping<int, TrafficLightPlacement> junction in run.Layout.TrafficLights.GroupBy(l => l.JunctionNode))
        {
            TrafficLightPlacement[] lights = [.. junction];
            Assert.True(lights.Select(l => l.Phase).Distinct().Count() >= 2, $"junction {junction.Key} has a single phase");
            for (int t = 0; t <= BusyTownRun.Steps; t++)
            {
                int[] open = [.. lights.Where(l => run.LightStates[l.Id][t] != TrafficLightState.Red).Select(l => l.Phase).Distinct()];
                Assert.True(open.Length <= 1, $"junction {junction.Key} step {t}: phases {string.Join(", ", open)} open together");
            }
        }
    }

    [Fact]
    public void Pedestrians_cross_only_while_their_arms_light_is_red()
    {
        Assert.True(run.CrossingStarts >= 10, $"only {run.CrossingStarts} crossings in five minutes");
        Assert.True(run.PedestrianViolations.Count == 0, string.Join(Environment.NewLine, run.PedestrianViolations.Take(20)));
    }

    [Fact]
    public void Pedestrians_may_cross_only_when_the_red_lasts_long_enough()
    {
        TownLayout layout = run.Layout;
        var lights = new TrafficLightSystem(layout);
        lights.Reset(new Rng(3L));
        Crosswalk crosswalk = layout.Crosswalks[0];
        int allowed = 0;
        for (double t = 0; t < 60; t += 0.1)
        {
            lights.Update(t);
            bool red = lights.StateOf(crosswalk.LightId) == TrafficLightState.Red;
            double left = lights.SecondsUntilGreen(crosswalk.LightId);
            Assert.Equal(red && left >= 8, lights.PedestriansMayCross(crosswalk, 8));
            Assert.Equal(red && left >= 1, lights.PedestriansMayCross(crosswalk, 1));
            allowed += lights.PedestriansMayCross(crosswalk, 8) ? 1 : 0;
        }

        Assert.True(allowed > 0);
    }

    [Fact]
    public void Seconds_until_green_and_since_green_count_down_and_up_with_time()
    {
        TownLayout layout = run.Layout;
        var lights = new TrafficLightSystem(layout);
        lights.Reset(new Rng(8L));
        TrafficLightPlacement light = layout.TrafficLights[0];
        for (double t = 0; t < 60; t += 0.1)
        {
            lights.Update(t);
            TrafficLightState state = lights.StateOf(light.Id);
            double until = lights.SecondsUntilGreen(light.Id), since = lights.SecondsSinceGreen(light.Id);
            if (state == TrafficLightState.Red)
            {
                Assert.InRange(until, 0, run.Timing.CycleSeconds(light.PhaseCount));
                lights.Update(t + until + 1e-6);
                Assert.Equal(TrafficLightState.Green, lights.StateOf(light.Id));
                lights.Update(t + until - 0.05);
                Assert.Equal(TrafficLightState.Red, lights.StateOf(light.Id));
            }
            else
            {
                Assert.Equal(0, until);
            }

            Assert.Equal(state == TrafficLightState.Green, double.IsFinite(since));
        }
    }

    private static int FirstChange(TrafficLightState[] states, int from)
    {
        for (int t = from + 1; t < states.Length; t++)
        {
            if (states[t] != states[from])
            {
                return t;
            }
        }

        return -1;
    }
}
