using System.Globalization;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

/// <summary>
/// A model saved by an earlier version (<c>Recorded/model-2026-12-02.zip</c>, saved by main of 2026-12-02 before the
/// engine owned the options' JSON format) loads and completes as it did then, to the last bit (<c>Recorded/</c> holds
/// the outputs it gave). <c>INRR_RECORD=1</c> saves both anew: only for a version that means to break old models.
/// </summary>
[TestClass]
public sealed class EarlierModelTests
{
    private const string Name = "model-2026-12-02";

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Recorded");

    [TestMethod]
    public void AModelSavedByAnEarlierVersion_Loads_AndCompletesAsItDidThen()
    {
        var ml = new MLContext(seed: 0);
        var data = TestData.Table(ml, TestData.TwoImages(size: 16));
        if (Environment.GetEnvironmentVariable("INRR_RECORD") == "1")
        {
            // Far from the defaults in every part that is saved, the guide and its enums included.
            var options = TestData.Quick(steps: 7, seed: 3) with
            {
                Representation = new SirenOptions { HiddenWidth = 12, HiddenLayers = 2, FirstOmega = 20, LearningRate = 2e-3 },
                Regularizers = [new InrrOptions { Rank = 6, Width = 8, Layers = 2, RowWeight = 1e-4 }, new TotalVariationOptions { Weight = 1e-4, P = 2 }],
                ClassicalGuide = new Torch.Fitting.ClassicalGuideOptions { Method = Torch.Classical.ClassicalInpaintMethod.Telea, BlendStrata = 2 },
                HoldoutFraction = 0.1, HoldoutShape = Torch.Fitting.HoldoutShape.Random, LearningRateSchedule = Torch.Fitting.LearningRateSchedule.Constant,
                RefitSteps = 3,
            };
            var model = ml.Transforms.GenerateTextMask("TextMask", 16, 16, "X", textScale: 2)
                .Append(ml.Transforms.ApplyMask("Observed", "Pixels", "TextMask", holeValue: 0.25f))
                .Append(ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
                {
                    InputColumnName = "Observed", MaskColumnName = "TextMask", Completion = options, PixelScale = 1,
                }))
                .Fit(data);
            ml.Model.Save(model, data.Schema, Path.Combine(SourceFolder(), Name + ".zip"));
            File.WriteAllLines(Path.Combine(SourceFolder(), Name + ".txt"), TestData.Column(model.Transform(data), "Completed").Select(Bits));
            return;
        }
        var loaded = ml.Model.Load(Path.Combine(AppContext.BaseDirectory, "Recorded", Name + ".zip"), out _);
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Recorded", Name + ".txt"));
        var actual = TestData.Column(loaded.Transform(data), "Completed").Select(Bits).ToList();
        Assert.AreEqual(expected.Length, actual.Count, "rows");
        for (int r = 0; r < expected.Length; r++) Assert.AreEqual(expected[r], actual[r], $"row {r}: the completed pixels differ from those the model gave when it was saved");
    }

    private static string Bits(float[] row) =>
        string.Join(" ", row.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));
}
