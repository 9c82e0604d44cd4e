using CarlaDrl.Driving.Evaluation;

namespace CarlaDrl.Cli.Training;

/// <summary>Where a run stands after an iteration, for the console.</summary>
internal sealed record TrainingStatus(
    long Steps,
    long TotalSteps,
    double StepsPerSecond,
    long Episodes,
    double? MeanReturn,
    double? MeanLength,
    double? RouteCompletion,
    double? SuccessRate,
    double RssMegabytes,
    TimeSpan Elapsed,
    EvaluationReport? LastEvaluation,
    long LastEvaluationStep)
{
    public TimeSpan? Eta => StepsPerSecond > 0 && TotalSteps > Steps ? TimeSpan.FromSeconds((TotalSteps - Steps) / StepsPerSecond) : null;

    public double Fraction => TotalSteps > 0 ? Math.Min(1, Steps / (double)TotalSteps) : 1;
}

/// <summary>Receives a run's progress: the console (live with Spectre on a terminal, plain lines otherwise).</summary>
internal interface ITrainingProgress
{
    void Message(string text);

    void Iteration(TrainingStatus status);

    void Evaluated(EvaluationReport report, long step, bool best);
}
