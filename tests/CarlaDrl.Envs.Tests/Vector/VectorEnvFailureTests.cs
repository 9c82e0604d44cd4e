using CarlaDrl.Envs.Tests.Fakes;
using CarlaDrl.Envs.Vector;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Vector;

public sealed class VectorEnvFailureTests
{
    private static readonly NDArray<float>[] Actions = [.. Enumerable.Range(0, 3).Select(_ => NDArray<float>.Zeros(2))];

    [Theory]
    [MemberData(nameof(VectorEnvKinds.Both), MemberType = typeof(VectorEnvKinds))]
    public void A_failing_env_is_reported_with_its_index_and_the_vector_env_then_needs_a_reset(string kind)
    {
        using var vector = VectorEnvKinds.Create<DictObservation, NDArray<float>>(
            kind,
            () => new CountingEnv(),
            () => new CountingEnv(),
            () => new FailingWrapper<DictObservation, NDArray<float>>(new CountingEnv(), failAtStep: 3));
        vector.Reset(seed: 0);
        vector.Step(Actions);
        vector.Step(Actions);

        var error = Assert.Throws<VectorEnvException>(() => vector.Step(Actions));
        Assert.Equal(2, error.EnvIndex);
        Assert.StartsWith("Env 2 failed in Step: InvalidOperationException: boom at step 3", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);

        Assert.Throws<ResetNeededException>(() => vector.Step(Actions));
    }

    [Theory]
    [MemberData(nameof(VectorEnvKinds.Both), MemberType = typeof(VectorEnvKinds))]
    public void A_failing_factory_is_reported_with_its_index_and_the_created_envs_are_disposed(string kind)
    {
        var created = new List<CountingEnv>();
        IEnv<DictObservation, NDArray<float>> Make()
        {
            var env = new CountingEnv();
            lock (created)
            {
                created.Add(env);
            }

            return env;
        }

        var error = Assert.Throws<VectorEnvException>(() => VectorEnvKinds.Create(kind, Make, () => throw new IOException("no simulator"), Make));
        Assert.Equal(1, error.EnvIndex);
        Assert.Contains("Env 1 failed in creation: IOException: no simulator", error.Message, StringComparison.Ordinal);
        // Sync creates envs in order and stops at the failure; threaded workers create theirs concurrently.
        Assert.Equal(kind == VectorEnvKinds.Sync ? 1 : 2, created.Count);
        Assert.All(created, env => Assert.True(env.Disposed));
    }

    [Fact]
    public void Disposing_the_threaded_env_stops_every_worker_and_disposes_each_env_on_its_thread()
    {
        var workers = new List<Thread>();
        var envs = new List<CountingEnv>();
        IEnv<DictObservation, NDArray<float>> Make()
        {
            var env = new CountingEnv();
            lock (workers)
            {
                workers.Add(Thread.CurrentThread);
                envs.Add(env);
            }

            return env;
        }

        var vector = new ThreadedVectorEnv<DictObservation, NDArray<float>>([Make, Make, Make]);
        vector.Reset(seed: 1);
        vector.Step(Actions);

        Assert.Equal(3, workers.Distinct().Count());
        Assert.DoesNotContain(Thread.CurrentThread, workers);
        Assert.All(workers, w => Assert.True(w.IsAlive));

        vector.Dispose();

        Assert.All(workers, w => Assert.False(w.IsAlive));
        Assert.All(envs, e => Assert.True(e.Disposed));
        Assert.Throws<ObjectDisposedException>(() => vector.Reset());
        vector.Dispose();
    }
}
