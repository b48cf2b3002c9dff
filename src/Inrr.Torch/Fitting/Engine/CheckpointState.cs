
namespace Inrr.Torch.Fitting;

/// <summary>The numbers of a fit's state besides its tensors (<see cref="CheckpointFile"/>).</summary>
internal sealed record CheckpointState(
    int NextStep,
    double ElapsedSeconds,
    StopReason? Finished,
    double? FirstFullGridLoss,
    double LastFullGridLoss,
    double BestHoldoutError,
    int BestStep,
    long[] OptimizerSteps,
    double[] LearningRates,
    long[] ScheduleEpochs,
    int AveragedRenders,
    List<FitProgress> History);
