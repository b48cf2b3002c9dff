
namespace Inrr.Torch.Fitting;

/// <summary>
/// The weights of the held-out blend (<see cref="ClassicalGuideOptions.Blend"/>): how much of each fill the holes of
/// the result hold (on average over them, when activity groups have weights of their own). Non-negative, summing to 1.
/// </summary>
/// <param name="Network">The network's estimate.</param>
/// <param name="NavierStokes">OpenCV's Navier-Stokes fill.</param>
/// <param name="Telea">OpenCV's Telea fill.</param>
/// <param name="FrequencySelective">OpenCV contrib's Frequency Selective Reconstruction; 0 when the guide has none.</param>
/// <param name="LowRank">The low-rank fill (<see cref="Classical.LowRankFill"/>); 0 when the guide has none.</param>
/// <param name="LowRankRank">The rank of that fill, chosen on the held-out pixels; 0 when none.</param>
/// <param name="HeldOutMse">Mean squared error of the blend on the held-out pixels.</param>
/// <param name="CrossCheckedGain">How much lower the blend's mean absolute error is than the best classical fill's alone on
/// held-out pixels it was not fitted on (two halves of the held-out pixels, by 16 x 16 tiles in a checkerboard, each judged
/// with the weights fitted on the other), in grey levels of [0, 1].</param>
/// <param name="CrossCheckedGainError">The standard error of <paramref name="CrossCheckedGain"/>, from its spread over the tiles.</param>
/// <param name="Gated">Whether the gain was too small to trust (<see cref="ClassicalGuideOptions.BlendConfidence"/>), so the
/// holes got the best classical fill alone: its weight is then 1.</param>
/// <param name="Strata">How many activity groups got weights of their own (<see cref="ClassicalGuideOptions.BlendStrata"/>): 1 when
/// one set of weights served every hole pixel. With more, the weights above are their average over the hole pixels.</param>
public sealed record FillBlend(double Network, double NavierStokes, double Telea, double FrequencySelective, double LowRank, int LowRankRank, double HeldOutMse,
    double CrossCheckedGain = double.NaN, double CrossCheckedGainError = double.NaN, bool Gated = false, int Strata = 1);
