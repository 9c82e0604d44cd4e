using CarlaDrl.Envs.Spaces;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Vector;

public sealed class VectorParityTests
{
    private const int NumEnvs = 4;

    private static Func<IEnv<DictObservation, NDArray<float>>>[] Factories() =>
        [.. Enumerable.Range(0, NumEnvs).Select(_ => (Func<IEnv<DictObservation, NDArray<float>>>)(() =>
            new NormalizeReward<DictObservation, NDArray<float>>(
                new TimeLimit<DictObservation, NDArray<float>>(new CountingEnv(2, 12), maxEpisodeSteps: 7))))];

    [Fact]
    public void Sync_and_threaded_give_identical_results_over_hundreds_of_steps()
    {
        using var sync = new SyncVectorEnv<DictObservation, NDArray<float>>(Factories());
        using var threaded = new ThreadedVectorEnv<DictObservation, NDArray<float>>(Factories());
        var space = sync.SingleObservationSpace;
        var actionSpace = new Box<float>(-1f, 1f, 2);
        actionSpace.Seed(17);

        AssertSame(sync.Reset(seed: 5).Observations, threaded.Reset(seed: 5).Observations, "reset");
        int terminations = 0, truncations = 0;
        for (int t = 0; t < 400; t++)
        {
            var actions = Enumerable.Range(0, NumEnvs).Select(_ => actionSpace.Sample()).ToArray();
            var a = sync.Step(actions);
            var b = threaded.Step(actions);
            AssertSame(a.Observations, b.Observations, $"step {t}");
            Assert.Equal(a.Rewards, b.Rewards);
            Assert.Equal(a.Terminated, b.Terminated);
            Assert.Equal(a.Truncated, b.Truncated);
            for (int i = 0; i < NumEnvs; i++)
            {
                if (a.Terminated[i] || a.Truncated[i])
                {
                    Assert.Null(ObservationComparer.Difference(
                        a.Infos[i].Get<DictObservation>(InfoKeys.FinalObservation),
                        b.Infos[i].Get<DictObservation>(InfoKeys.FinalObservation)));
                }
            }

            terminations += a.Terminated.Count(x => x);
            truncations += a.Truncated.Count(x => x);
        }

        Assert.True(terminations > 50 && truncations > 20, $"episodes must end both ways ({terminations} terminated, {truncations} truncated)");
    }

    private static void AssertSame(DictObservation[] expected, DictObservation[] actual, string where)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(ObservationComparer.AreEqual(expected[i], actual[i]), $"{where}, env {i}: {ObservationComparer.Difference(expected[i], actual[i])}");
        }
    }
}
