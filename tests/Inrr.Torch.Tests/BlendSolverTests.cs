using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;

namespace Inrr.Torch.Tests;

/// <summary>The held-out blend's solver: convex weights, the cross-checked gain and its gate, activity groups.</summary>
[TestClass]
public sealed class BlendSolverTests
{
    [TestMethod]
    public void ConvexLeastSquares_RecoversAKnownMixture()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, 200).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 200).Select(_ => (float)random.NextDouble()).ToArray();
        var c = Enumerable.Range(0, 200).Select(_ => (float)random.NextDouble()).ToArray();
        var truth = a.Zip(b, (x, y) => 0.3f * x + 0.7f * y).ToArray();

        var w = BlendSolver.ConvexLeastSquares([a, b, c], truth);

        Assert.AreEqual(0.3, w[0], 1e-4);
        Assert.AreEqual(0.7, w[1], 1e-4);
        Assert.AreEqual(0.0, w[2], 1e-4);
    }

    [TestMethod]
    public void CrossCheckedGain_IsClearWhenTheBlendHelps_AndNearZeroWhenItOnlyFitsNoise()
    {
        var random = new Random(5);
        int n = 2000;
        float Noise(double size) => (float)(size * (random.NextDouble() - 0.5));
        var truth = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var group = Enumerable.Range(0, n).Select(i => i / 20).ToArray(); // 100 groups of 20
        var fold = group.Select(g => g % 2).ToArray();
        var classical = truth.Select(t => t + Noise(0.2)).ToArray();

        // A network much closer to the truth than the classical fill: the blend gains, far beyond its error.
        var good = truth.Select(t => t + Noise(0.05)).ToArray();
        var (gain, error) = BlendSolver.CrossCheckedGainOver([good, classical], truth, reference: 1, fold, group);
        Assert.IsTrue(gain > 0.03 && gain > 10 * error, $"gain {gain} +- {error}");

        // A network no better than the classical fill, with its own noise: what the blend gains in fitting it does not
        // keep on the other half.
        var same = truth.Select(t => t + Noise(0.2)).ToArray();
        (gain, error) = BlendSolver.CrossCheckedGainOver([same, classical], truth, reference: 1, fold, group);
        Assert.IsTrue(Math.Abs(gain) < 0.02, $"gain {gain} +- {error}");
        Assert.IsTrue(error > 0, "a spread over the groups");
    }

    [TestMethod]
    public void TheGate_GivesTheHolesTheBestClassicalFillAlone_WhenTheBlendIsNotSureEnough()
    {
        var truth = SyntheticImage.Facade(32, 32);
        var mask = MaskFactory.Strokes(32, 32, 0.1, seed: 2);
        var options = CompletionOptions.Guided with { Steps = 8, ReferencePixels = 0, Threads = 1, Representation = TestImages.SmallSiren };
        var open = new CompletionFitter(options).Fit(mask.Apply(truth), mask).Blend!;
        Assert.IsFalse(open.Gated, "0 = always blend");
        Assert.IsTrue(double.IsFinite(open.CrossCheckedGain) && open.CrossCheckedGainError > 0);

        var strict = options with { ClassicalGuide = options.ClassicalGuide! with { BlendConfidence = 1e9 } };
        var result = new CompletionFitter(strict).Fit(mask.Apply(truth), mask);
        var gated = result.Blend!;
        Assert.IsTrue(gated.Gated, $"gain {gated.CrossCheckedGain} +- {gated.CrossCheckedGainError} is not 1e9 errors");
        Assert.AreEqual(0, gated.Network);
        Assert.AreEqual(1, new[] { gated.NavierStokes, gated.Telea, gated.FrequencySelective, gated.LowRank }.Max(), "one classical fill alone");
        var fills = ClassicalFills.Compute(mask.Apply(truth), mask, strict.ClassicalGuide!, [], gated.LowRankRank);
        var chosen = gated.NavierStokes == 1 ? fills.NavierStokes : gated.Telea == 1 ? fills.Telea
            : gated.FrequencySelective == 1 ? fills.FrequencySelective! : fills.LowRank!;
        for (int i = 0; i < mask.Values.Length; i++)
            if (mask.Values[i] == 0f) Assert.AreEqual(chosen.Pixels[i], result.Completed.Pixels[i], $"hole pixel {i} holds the chosen fill");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => (options.ClassicalGuide with { BlendConfidence = -1 }).Validate());
    }

    [TestMethod]
    public void LocalActivity_IsFlatOnASmoothGradient_AndHighAmongWindows()
    {
        var pixels = new float[32 * 32];
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
                pixels[y * 32 + x] = 0.2f + 0.02f * y + 0.01f * x;        // a sky: slope, no curvature
        var activity = BlendSolver.LocalActivity(new ImageData(1, 32, 32, pixels));
        Assert.IsTrue(activity.Skip(32 * 4).Take(32 * 24).Where((_, i) => i % 32 is > 3 and < 28).All(a => a < 1e-5),
            $"inside the ramp {activity[16 * 32 + 16]}");

        var facade = BlendSolver.LocalActivity(SyntheticImage.Facade(64, 64));
        Assert.IsTrue(facade[48 * 64 + 32] > 0.05, $"among the windows {facade[48 * 64 + 32]}");
        Assert.IsTrue(facade[4 * 64 + 20] < 1e-3, $"in the sky {facade[4 * 64 + 20]}");
    }

    [TestMethod]
    public void BlendStrata_GiveEachActivityGroupTheFillThatIsRightThere()
    {
        // Fill a is right on the first half of the pixels, fill b on the second; one set of weights must compromise.
        var random = new Random(7);
        int n = 400;
        var truth = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var a = truth.Select((t, i) => i < n / 2 ? t : t + 0.3f * (float)(random.NextDouble() - 0.5)).ToArray();
        var b = truth.Select((t, i) => i >= n / 2 ? t : t + 0.3f * (float)(random.NextDouble() - 0.5)).ToArray();
        var activity = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        var thresholds = BlendSolver.StratumThresholds(activity, 2);
        var stratum = activity.Select(v => BlendSolver.StratumOf(v, thresholds)).ToArray();
        Assert.AreEqual(n / 2, stratum.Count(s => s == 0), "equal groups");

        var weights = BlendSolver.ConvexLeastAbsoluteByStratum([a, b], truth, Enumerable.Range(0, n).ToArray(), stratum, 2);

        Assert.AreEqual(1.0, weights[0][0], 1e-3, "group 0 takes a");
        Assert.AreEqual(1.0, weights[1][1], 1e-3, "group 1 takes b");
        var one = BlendSolver.ConvexLeastAbsoluteByStratum([a, b], truth, Enumerable.Range(0, n).ToArray(), null, 1);
        Assert.AreEqual(1, one.Length);
        Assert.IsTrue(one[0][0] is > 0.2 and < 0.8, $"one set of weights mixes: {one[0][0]}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClassicalGuideOptions { BlendStrata = 0 }.Validate());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ClassicalGuideOptions { BlendStrata = ClassicalGuideOptions.MaxBlendStrata + 1 }.Validate());
    }

    [TestMethod]
    public void ConvexLeastSquares_StaysNonNegativeWhenTheBestMixIsOutside()
    {
        // truth = 2a - b: the unconstrained optimum has weight -1 on b; the convex one puts everything on a.
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 2, 2, 2, 2 };
        var truth = a.Zip(b, (x, y) => 2 * x - y).ToArray();

        var w = BlendSolver.ConvexLeastSquares([a, b], truth);

        Assert.AreEqual(1.0, w[0], 1e-9);
        Assert.AreEqual(0.0, w[1], 1e-9);
    }
}
