using CarlaDrl.Driving.Tasks;

namespace CarlaDrl.Driving.Evaluation;

/// <summary>One evaluation episode: route, how it ended, return, length in steps and the env's episode metrics.</summary>
public sealed record EvaluationEpisode(int Start, int Goal, TerminationReason Reason, double Return, int Steps, IReadOnlyDictionary<string, double> Metrics);
