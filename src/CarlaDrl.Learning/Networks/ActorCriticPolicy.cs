using CarlaDrl.Learning.Observations;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Networks;

/// <summary>
/// SB3's <c>ActorCriticPolicy</c> for continuous actions: a shared <see cref="FeatureExtractor"/>, separate pi and vf
/// MLPs, a linear action head giving the Gaussian mean, a state-independent <c>log_std</c>, and a linear value head.
/// Orthogonal initialisation with SB3's gains: √2 for extractor and MLPs, 0.01 for the action head, 1 for the
/// value head, zero biases. Module names follow SB3's state dict (<c>features_extractor</c>, <c>action_net</c>, ...).
/// </summary>
public sealed class ActorCriticPolicy : nn.Module
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly FeatureExtractor _extractor;
    private readonly MlpExtractor _mlpExtractor;
    private readonly Linear _actionNet;
    private readonly Linear _valueNet;
    private readonly Parameter _logStd;

    private ActorCriticPolicy(ObservationLayout layout, int actionDim, PolicyConfig config)
        : base(nameof(ActorCriticPolicy))
    {
        Layout = layout;
        Config = config;
        ActionDim = actionDim;
        _extractor = new FeatureExtractor(layout, config);
        _mlpExtractor = new MlpExtractor(_extractor.FeaturesDim, config);
        _actionNet = nn.Linear(_mlpExtractor.LatentDimPi, actionDim);
        _valueNet = nn.Linear(_mlpExtractor.LatentDimVf, 1);
        _logStd = new Parameter(full(actionDim, config.LogStdInit, ScalarType.Float32));
        register_module("features_extractor", _extractor);
        register_module("mlp_extractor", _mlpExtractor);
        register_module("action_net", _actionNet);
        register_module("value_net", _valueNet);
        register_parameter("log_std", _logStd);
        if (config.OrthoInit)
        {
            foreach (var layer in _extractor.Layers)
            {
                Mlp.OrthogonalInit(layer, Math.Sqrt(2));
            }

            Mlp.OrthogonalInit(_mlpExtractor, Math.Sqrt(2));
            Mlp.OrthogonalInit(_actionNet, 0.01);
            Mlp.OrthogonalInit(_valueNet, 1.0);
        }
    }

    public ObservationLayout Layout { get; }

    public PolicyConfig Config { get; }

    public int ActionDim { get; }

    public FeatureExtractor FeaturesExtractor => _extractor;

    /// <summary>The state-independent log standard deviation, one per action dimension.</summary>
    public Parameter LogStd => _logStd;

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>
    /// Builds a policy whose initial weights depend only on <paramref name="seed"/>: torch's global generator is
    /// seeded and used under a process-wide lock, so concurrent constructions cannot interleave their draws.
    /// </summary>
    public static ActorCriticPolicy Create(ObservationLayout layout, int actionDim, PolicyConfig config, long seed)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionDim);
        TorchRuntime.DisableNnpack();
        lock (TorchRuntime.GlobalGeneratorLock)
        {
            manual_seed(seed);
            return new ActorCriticPolicy(layout, actionDim, config);
        }
    }

    /// <summary>The Gaussian mean <c>[B, A]</c> and the value <c>[B]</c>.</summary>
    public (Tensor Mean, Tensor Value) forward(ObservationTensors observations)
    {
        var features = _extractor.forward(observations);
        var mean = _actionNet.forward(_mlpExtractor.ForwardActor(features));
        var value = _valueNet.forward(_mlpExtractor.ForwardCritic(features)).squeeze(-1);
        return (mean, value);
    }

    /// <summary>
    /// Samples actions (or takes the mean when <paramref name="deterministic"/>) with their log-probabilities and the
    /// values. Actions are unclipped: the caller clips what it sends to the env and stores these.
    /// </summary>
    public (Tensor Actions, Tensor Values, Tensor LogProbs) Act(ObservationTensors observations, bool deterministic, Generator? generator)
    {
        var (mean, value) = forward(observations);
        var actions = deterministic ? mean : mean + (_logStd.exp() * randn(mean.shape, generator: generator));
        return (actions, value, LogProb(mean, actions));
    }

    /// <summary>Values <c>[B]</c>, log-probabilities <c>[B]</c> of <paramref name="actions"/> and entropies <c>[B]</c>, for the PPO loss.</summary>
    public (Tensor Values, Tensor LogProbs, Tensor Entropy) Evaluate(ObservationTensors observations, Tensor actions)
    {
        var (mean, value) = forward(observations);
        return (value, LogProb(mean, actions), Entropy().expand(mean.shape[0]));
    }

    public Tensor PredictValues(ObservationTensors observations) =>
        _valueNet.forward(_mlpExtractor.ForwardCritic(_extractor.forward(observations))).squeeze(-1);

    /// <summary>Entropy of the diagonal Gaussian, summed over action dimensions: Σ (½ + ½ log 2π + log σ).</summary>
    public Tensor Entropy() => (_logStd + (0.5 + HalfLog2Pi)).sum();

    /// <summary>Σ over action dimensions of −(a − μ)² / (2σ²) − log σ − ½ log 2π.</summary>
    private Tensor LogProb(Tensor mean, Tensor actions)
    {
        var inverseVariance = (_logStd * -2).exp();
        return ((actions - mean).square() * inverseVariance * -0.5 - _logStd - HalfLog2Pi).sum(-1);
    }
}
