using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// Turns a batch of sampled actions into the env's action arrays, clipped to the Box bounds (SB3 clips what it
/// sends and stores what it sampled). The arrays are allocated once and reused every step.
/// </summary>
internal sealed class ActionClipper
{
    private readonly float[] _low;
    private readonly float[] _high;

    public ActionClipper(Box<float> space, int count)
    {
        (_low, _high) = (space.Low.Data, space.High.Data);
        Actions = [.. Enumerable.Range(0, count).Select(_ => new NDArray<float>(space.Shape[0]))];
    }

    /// <summary>One action array per env; valid until the next <see cref="Write"/>.</summary>
    public NDArray<float>[] Actions { get; }

    /// <summary>Clips rows <c>[0, count)</c> of <paramref name="actions"/> (<c>[B, A]</c>) into <see cref="Actions"/>.</summary>
    public void Write(Tensor actions, int count)
    {
        var values = TensorSpan.Of<float>(actions.contiguous());
        int dim = _low.Length;
        for (int i = 0; i < count; i++)
        {
            var target = Actions[i].Data;
            for (int j = 0; j < dim; j++)
            {
                target[j] = Math.Clamp(values[(i * dim) + j], _low[j], _high[j]);
            }
        }
    }
}
