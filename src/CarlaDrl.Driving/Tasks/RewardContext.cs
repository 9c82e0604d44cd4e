namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// Everything a reward term may use about one step, in SI units: progress along the route (m), remaining route
/// distance before and after (m), speed now and before and the target speed (m/s), lateral offset (m), the increase of
/// the summed collision intensities (kg·m/s), off-road and other-lane fractions now and before, the action and the
/// previous steer, and whether the step ended the episode in failure.
/// </summary>
public readonly record struct RewardContext(
    double Progress,
    double RemainingBefore,
    double RemainingAfter,
    double Speed,
    double PreviousSpeed,
    double TargetSpeed,
    double Lateral,
    double CollisionIncrease,
    double OffRoad,
    double PreviousOffRoad,
    double OtherLane,
    double PreviousOtherLane,
    double Steer,
    double PreviousSteer,
    double ThrottleBrake,
    bool Failed);
