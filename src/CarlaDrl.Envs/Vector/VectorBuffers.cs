namespace CarlaDrl.Envs.Vector;

/// <summary>The result arrays a vector env allocates once and hands out every step.</summary>
internal sealed class VectorBuffers<TObs>
{
    public VectorBuffers(int numEnvs)
    {
        Observations = new TObs[numEnvs];
        Rewards = new double[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        Infos = new Info[numEnvs];
        for (int i = 0; i < numEnvs; i++)
        {
            Infos[i] = new Info();
        }
    }

    public TObs[] Observations { get; }

    public double[] Rewards { get; }

    public bool[] Terminated { get; }

    public bool[] Truncated { get; }

    public Info[] Infos { get; }

    public VectorResetResult<TObs> ResetResult => new(Observations, Infos);

    public VectorStepResult<TObs> StepResult => new(Observations, Rewards, Terminated, Truncated, Infos);
}
