using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.TestKit;

/// <summary>
/// A tiny deterministic env with the shape of the driving task: a Dict observation with a uint8 <c>camera</c>
/// [4, 4, 3] and a float <c>state</c> [3], a Box action [2] in [-1, 1]. Every value derives from the seed, the
/// step and the last action, so seeded runs are reproducible and actions matter. Episodes terminate after a
/// seed-dependent number of steps. It reuses one observation buffer across steps (as real envs may), which
/// makes callers that forget to copy observations fail visibly.
/// </summary>
public sealed class CountingEnv : Env<DictObservation, NDArray<float>>
{
    private readonly DictSpace _observationSpace;
    private readonly Box<float> _actionSpace = new(-1f, 1f, 2);
    private readonly DictObservation _observation;
    private readonly NDArray<byte> _camera;
    private readonly NDArray<float> _state;
    private int _offset;
    private float _lastAction;

    /// <param name="minEpisodeLength">Shortest episode in steps.</param>
    /// <param name="maxEpisodeLength">Longest episode in steps.</param>
    public CountingEnv(int minEpisodeLength = 5, int maxEpisodeLength = 14)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minEpisodeLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpisodeLength, minEpisodeLength);
        MinEpisodeLength = minEpisodeLength;
        MaxEpisodeLength = maxEpisodeLength;
        _observationSpace = new DictSpace(("camera", new Box<byte>(0, 255, 4, 4, 3)), ("state", new Box<float>(-1f, 1f, 3)));
        _observation = _observationSpace.Create();
        _camera = _observation.Get<NDArray<byte>>("camera");
        _state = _observation.Get<NDArray<float>>("state");
    }

    public int MinEpisodeLength { get; }

    public int MaxEpisodeLength { get; }

    /// <summary>Length of the current episode, drawn at reset.</summary>
    public int EpisodeLength { get; private set; }

    /// <summary>Steps taken in the current episode.</summary>
    public int EpisodeStep { get; private set; }

    public int ResetCount { get; private set; }

    public bool Disposed { get; private set; }

    public override Space<DictObservation> ObservationSpace => _observationSpace;

    public override Space<NDArray<float>> ActionSpace => _actionSpace;

    public override EnvSpec? Spec { get; } = new("counting-v0");

    protected override ResetResult<DictObservation> OnReset(long? seed, IReadOnlyDictionary<string, object>? options)
    {
        EpisodeLength = NpRandom.NextInt(MinEpisodeLength, MaxEpisodeLength + 1);
        _offset = NpRandom.NextInt(256);
        EpisodeStep = 0;
        _lastAction = 0;
        ResetCount++;
        Fill();
        Info.Set("episode_length", EpisodeLength);
        return new(_observation, Info);
    }

    protected override StepResult<DictObservation> OnStep(NDArray<float> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        EpisodeStep++;
        _lastAction = Math.Clamp((action[0] + action[1]) / 2, -1f, 1f);
        Fill();
        double reward = 1.0 + (0.5 * action[0]);
        Info.Set("step", EpisodeStep);
        return new(_observation, reward, EpisodeStep >= EpisodeLength, false, Info);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void Fill()
    {
        var pixels = _camera.Data;
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((_offset + (3 * EpisodeStep) + i) & 0xFF);
        }

        _state[0] = (float)EpisodeStep / EpisodeLength;
        _state[1] = (_offset / 127.5f) - 1f;
        _state[2] = _lastAction;
    }
}
