using CarlaDrl.Envs.Vector;

namespace CarlaDrl.Envs.Tests.Vector;

/// <summary>Builds either vector env from the same factories, so one test body covers both.</summary>
public static class VectorEnvKinds
{
    public const string Sync = "sync";
    public const string Threaded = "threaded";

    public static TheoryData<string> Both => new() { Sync, Threaded };

    public static IVectorEnv<TObs, TAct> Create<TObs, TAct>(string kind, params Func<IEnv<TObs, TAct>>[] factories)
        where TObs : notnull
        where TAct : notnull =>
        kind == Sync ? new SyncVectorEnv<TObs, TAct>(factories) : new ThreadedVectorEnv<TObs, TAct>(factories);
}
