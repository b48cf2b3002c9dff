using System.Text.Json.Serialization;
using Inrr.Torch.Classical;

namespace Inrr.Torch.Fitting;

/// <summary>
/// A classical fill (OpenCV inpainting) that guides a network fit: a prior that pulls the network's holes towards it
/// early in the fit and fades out, and a final blend of network and classical fills with weights chosen on held-out
/// pixels. Each side covers the other's weakness: the classical fill continues edges smoothly into small gaps, the
/// network carries structure and texture from far away (INRR's learned row/column similarity).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ClassicalGuideOptions
{
    /// <summary>The classical fill used as the prior. Default <see cref="ClassicalInpaintMethod.NavierStokes"/>.</summary>
    public ClassicalInpaintMethod Method { get; init; } = ClassicalInpaintMethod.NavierStokes;

    /// <summary>OpenCV's neighbourhood radius in pixels. Default 3.</summary>
    public double Radius { get; init; } = ClassicalInpainter.DefaultRadius;

    /// <summary>
    /// Weight of the prior term (mean squared distance of the network's holes from the classical fill, over all
    /// pixels like the data term) at the first step, relative to the data term's weight 1. Default 1. 0 = no prior.
    /// </summary>
    public double PriorWeight { get; init; } = 1;

    /// <summary>
    /// The share of missing pixels up to which the prior has its full <see cref="PriorWeight"/>. The prior sums over every
    /// hole pixel and the data term over every observed one, so with most of a picture missing it outweighs the data term
    /// and bakes the classical fill's blur into the network: on random 50 % and 70 % masks at 128 x 128 the network alone
    /// was 2-5 % worse (hole NMAE) with the full prior than with none. Above this share the weight is scaled by the odds
    /// ratio of this share to the missing share (<see cref="PriorScale"/>), so the prior never weighs more against the
    /// data term than on a picture with this share missing (x 0.18 at 50 % missing, x 0.076 at 70 %). Default 0.15 (the
    /// paper's mask, text, strokes and blocks of the benchmark are below it: their fits keep the full prior, which helps
    /// the network there).
    /// </summary>
    public double PriorFullWeightMissingShare { get; init; } = 0.15;

    /// <summary>
    /// Fraction of the steps over which the prior weight falls to 0 along a cosine; the rest fit the data and the
    /// regularisers alone. Default 1 (fading over every step: the network alone was better in thin holes than with 0.5,
    /// e.g. boats + paper's mask at 128 x 128 0.0831 -> 0.0794 hole NMAE; docs/benchmarks.md 4.2).
    /// </summary>
    public double PriorDecayFraction { get; init; } = 1;

    /// <summary>
    /// Whether the holes of the result are a blend of the network's estimate and the classical fills (Navier-Stokes, Telea,
    /// Frequency Selective Reconstruction, low-rank),
    /// with non-negative weights summing to 1 fitted by least squares on the held-out pixels (needs
    /// <see cref="CompletionOptions.HoldoutFraction"/> &gt; 0). Default true.
    /// </summary>
    public bool Blend { get; init; } = true;

    /// <summary>
    /// How many sets of blend weights: the hole pixels are split by their local activity (the mean absolute Laplacian,
    /// <see cref="BlendSolver.LocalActivity"/>, over the 7 x 7 pixels around them, of the picture one set of weights would
    /// give) into this many groups with equal shares of the held-out pixels, and each group gets the weights that predict
    /// its held-out pixels best. Flat parts (a sky, a wall) and busy ones (windows, fur) favour different fills: diffusion
    /// continues a flat gradient exactly where a low-rank or network fill leaves a faint ghost of the hole's shape, and
    /// busy parts need what carries texture. The groups are used only where they predict held-out pixels they were not
    /// fitted on better than one set does (the cross-check of <see cref="BlendConfidence"/>). 1 = one set of weights for
    /// every hole pixel. Default 4.
    /// </summary>
    public int BlendStrata { get; init; } = 4;

    /// <summary>The most <see cref="BlendStrata"/> accepts: each group needs enough held-out pixels to fit five weights.</summary>
    public const int MaxBlendStrata = 8;

    /// <summary>
    /// How sure the blend must be to be used: its gain over the best classical fill alone, judged on held-out pixels it
    /// was not fitted on (<see cref="FillBlend.CrossCheckedGain"/>), must exceed this many standard errors; otherwise the
    /// holes get that classical fill alone. 0 = always blend.
    /// </summary>
    public double BlendConfidence { get; init; }

    /// <summary>
    /// Whether the low-rank fill (<see cref="LowRankFill"/>, rank chosen on the held-out pixels) is also a candidate:
    /// of the prior (where it predicts the held-out pixels better than <see cref="Method"/>) and of the blend. It carries
    /// repeated structure (rows and columns that recur) across holes that diffusion only blurs. Default true.
    /// </summary>
    public bool LowRank { get; init; } = true;

    /// <summary>
    /// Whether Frequency Selective Reconstruction (<see cref="ClassicalInpaintMethod.FrequencySelective"/>) is also a
    /// candidate: of the prior (where it predicts the held-out pixels better than <see cref="Method"/>) and of the blend.
    /// It continues texture and edges that diffusion smooths away, and on natural photos it is the best classical fill
    /// of the benchmark on most thin holes; it costs about a second per 256 x 256 picture with thin holes, several on
    /// random drop-outs (run twice: on the training pixels and on all). Default true.
    /// </summary>
    public bool FrequencySelective { get; init; } = true;

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown classical inpainting method.");
        OptionChecks.Positive(Radius, nameof(Radius));
        OptionChecks.NonNegative(PriorWeight, nameof(PriorWeight));
        OptionChecks.NonNegative(BlendConfidence, nameof(BlendConfidence));
        if (BlendStrata < 1 || BlendStrata > MaxBlendStrata)
            throw new ArgumentOutOfRangeException(nameof(BlendStrata), BlendStrata, $"BlendStrata must be from 1 to {MaxBlendStrata}.");
        if (!(PriorFullWeightMissingShare > 0 && PriorFullWeightMissingShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(PriorFullWeightMissingShare), PriorFullWeightMissingShare, "PriorFullWeightMissingShare must be in (0, 1].");
        if (!(PriorDecayFraction > 0 && PriorDecayFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(PriorDecayFraction), PriorDecayFraction, "PriorDecayFraction must be in (0, 1].");
    }

    /// <summary>The prior's weight at <paramref name="step"/> of <paramref name="steps"/>: cosine from <see cref="PriorWeight"/> to 0.</summary>
    public double PriorWeightAt(int step, int steps)
    {
        double end = PriorDecayFraction * steps;
        if (PriorWeight == 0 || step >= end) return 0;
        return PriorWeight * 0.5 * (1 + Math.Cos(Math.PI * step / end));
    }

    /// <summary>
    /// The factor on the prior's weight for a picture with <paramref name="missingFraction"/> of its pixels missing: 1 up to
    /// <see cref="PriorFullWeightMissingShare"/> (s), then the odds ratio s / (1 - s) x (1 - m) / m for a missing share m:
    /// the prior's pixels against the data term's as on a picture with s missing.
    /// </summary>
    public double PriorScale(double missingFraction) =>
        missingFraction <= PriorFullWeightMissingShare ? 1
            : PriorFullWeightMissingShare * (1 - missingFraction) / (missingFraction * (1 - PriorFullWeightMissingShare));

    /// <summary>A short description for logs and reports.</summary>
    public string Describe() =>
        $"{Method}{(FrequencySelective ? " or frequency-selective" : "")}{(LowRank ? " or low-rank" : "")} guide (prior {PriorWeight:g2}, less above {PriorFullWeightMissingShare:P0} missing, over {PriorDecayFraction:P0} of the steps{(Blend ? ", held-out blend" + (BlendStrata > 1 ? $" in {BlendStrata} activity groups" : "") : "")})";
}
