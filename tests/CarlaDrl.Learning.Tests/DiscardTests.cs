using CarlaDrl.Envs;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.TestKit;

namespace CarlaDrl.Learning.Tests;

/// <summary>Transitions an env flags <see cref="InfoKeys.DiscardTransition"/> (a lost world connection) are never learned from.</summary>
public sealed class DiscardTests
{
    /// <summary>Every <c>period</c>-th step is cut as a lost connection would cut it: truncated, flagged, reward 0.</summary>
    private sealed class LosesConnection(IEnv<DictObservation, NDArray<float>> env, int period) : Wrapper<DictObservation, NDArray<float>>(env)
    {
        private int _steps;

        public override StepResult<DictObservation> Step(NDArray<float> action)
        {
            var result = Env.Step(action);
            if (++_steps % period != 0)
            {
                return result;
            }

            result.Info.Set(InfoKeys.DiscardTransition, true);
            return new StepResult<DictObservation>(result.Observation, 0, false, true, result.Info);
        }
    }

    [Fact]
    public void Discarded_steps_get_no_advantage_are_never_sampled_and_their_episodes_are_not_counted()
    {
        const int period = 5;
        using var envs = new SyncVectorEnv<DictObservation, NDArray<float>>([.. Enumerable.Range(0, 2).Select(_ => (Func<IEnv<DictObservation, NDArray<float>>>)(
            () => new LosesConnection(new RecordEpisodeStatistics<DictObservation, NDArray<float>>(new CountingEnv(minEpisodeLength: 50, maxEpisodeLength: 60)), period)))]);
        var config = PpoTests.SmallDictConfig with { NSteps = 16, BatchSize = 8, NEpochs = 1 };
        using var ppo = new Ppo<DictObservation>(envs, config);
        ppo.TotalTimesteps = 1000;

        ppo.CollectRollout();
        int discarded = ppo.Buffer.DiscardedCount;
        Assert.Equal(2 * (16 / period), discarded); // steps 5, 10, 15 of each env
        Assert.Equal(discarded, ppo.DiscardedTransitions);
        Assert.Equal(0, ppo.Episodes.TotalEpisodes); // every episode so far was cut, none ended on its own
        for (int k = 0; k < ppo.Buffer.Size; k++)
        {
            if (ppo.Buffer.Discarded[k])
            {
                Assert.Equal(0f, ppo.Buffer.Advantages[k]);
                Assert.Equal(ppo.Buffer.Values[k], ppo.Buffer.Returns[k]);
            }
        }

        long before = ppo.GradientSteps;
        ppo.Update();
        int kept = ppo.Buffer.Size - discarded;
        Assert.Equal((kept + config.BatchSize - 1) / config.BatchSize, ppo.GradientSteps - before);
    }
}
