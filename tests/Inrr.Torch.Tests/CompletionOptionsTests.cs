using System.Text.Json;
using Inrr.Torch.Fitting;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class CompletionOptionsTests
{
    [TestMethod]
    public void Defaults_AreThePapers()
    {
        var o = CompletionOptions.Paper;
        Assert.AreEqual(10001, o.Steps);
        var siren = (SirenOptions)o.Representation;
        Assert.AreEqual((256, 5, 30.0, 1.0, 1e-4), (siren.HiddenWidth, siren.HiddenLayers, siren.FirstOmega, siren.HiddenOmega, siren.LearningRate));
        var inrr = (InrrOptions)o.Regularizers.Single();
        Assert.AreEqual((1e-6, 1e-6, 256, 32, 5, 5.0, 1e-4), (inrr.RowWeight, inrr.ColumnWeight, inrr.Rank, inrr.Width, inrr.Layers, inrr.FirstOmega, inrr.LearningRate));
        Assert.AreEqual(1, o.RegularizerStartStep);
        Assert.AreEqual(LearningRateSchedule.Constant, o.LearningRateSchedule);
        Assert.AreEqual((0, 0.0, 0.0), (o.CoarseSteps, o.OutputAveraging, o.HoldoutFraction));
        Assert.AreEqual(300, CompletionOptions.Fast.CoarseSteps);
        Assert.AreEqual(0, CompletionOptions.PaperVanilla.Regularizers.Count);
    }

    [TestMethod]
    public void DefaultOptions_AreTheFastPreset()
    {
        Assert.AreEqual(CompletionOptions.Guided, new CompletionOptions());
        Assert.AreEqual(CompletionOptions.Guided, CompletionOptions.FromPreset(CompletionPreset.Guided));
        Assert.IsNull(CompletionOptions.Fast.ClassicalGuide, "Fast is INRR alone");
        Assert.IsNull(CompletionOptions.Paper.ClassicalGuide, "Paper is the paper's run");
        Assert.AreNotEqual(CompletionOptions.Fast, CompletionOptions.Fast with { Regularizers = [new InrrOptions { Rank = 3 }] });
        Assert.AreEqual(CompletionOptions.Fast.Representation, CompletionOptions.FromPreset(CompletionPreset.Fast).Representation);
        Assert.AreEqual(10001, CompletionOptions.FromPreset(CompletionPreset.Paper).Steps);
        Assert.AreNotEqual(CompletionOptions.Paper.Representation, CompletionOptions.Fast.Representation);
        var fast = CompletionOptions.Fast;
        Assert.AreEqual((128, 4, 1e-3), (((SirenOptions)fast.Representation).HiddenWidth, ((SirenOptions)fast.Representation).HiddenLayers, fast.Representation.LearningRate));
        Assert.AreEqual(1e-3, ((InrrOptions)fast.Regularizers.Single()).LearningRate);
        Assert.AreEqual(1e-6, ((InrrOptions)fast.Regularizers.Single()).RowWeight, "the paper's weight");
        Assert.AreEqual(LearningRateSchedule.Cosine, fast.LearningRateSchedule);
    }

    [TestMethod]
    public void Json_RoundTripsEveryKind()
    {
        var options = new CompletionOptions
        {
            Steps = 42,
            Seed = 7,
            Representation = new FourierFeatureOptions { Sigma = 3 },
            Regularizers = [new InrrOptions { Rank = 9 }, new AirOptions(), new TotalVariationOptions { P = 2 }, new WeightDecayOptions(), new CosineDirichletOptions()],
        };
        string json = JsonSerializer.Serialize(options);
        var back = JsonSerializer.Deserialize<CompletionOptions>(json)!;
        Assert.AreEqual(options.Representation, back.Representation);
        CollectionAssert.AreEqual(options.Regularizers.ToArray(), back.Regularizers.ToArray());
        Assert.AreEqual(options, back);
        StringAssert.Contains(json, "\"kind\":\"fourier\"");

        var inrz = options with { Representation = new InrZOptions { Neighbourhood = 5, Network = new SirenOptions { HiddenWidth = 64 }, LearningRate = 3e-4 } };
        string inrzJson = JsonSerializer.Serialize(inrz);
        StringAssert.Contains(inrzJson, "\"kind\":\"inrz\"");
        Assert.AreEqual(inrz, JsonSerializer.Deserialize<CompletionOptions>(inrzJson));
    }

    /// <summary>
    /// Saved ML.NET models and reports store options as JSON: renaming a property would silently reset it to its
    /// default when an old model loads. This freezes the names; a rename must keep the old name readable.
    /// </summary>
    [TestMethod]
    public void Json_PropertyNames_AreStable()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(CompletionOptions.Fast));
        var top = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        CollectionAssert.AreEquivalent(new[]
        {
            "Steps", "Representation", "Regularizers", "RegularizerStartStep", "Seed", "Threads", "Device", "MemoryLimitBytes", "LogInterval",
            "CaptureAdjacency", "CoarseFraction", "CoarseFactor", "LearningRateSchedule", "FinalLearningRateFraction", "FullGridRestart", "RefitSteps",
            "OutputAveraging", "HoldoutFraction", "EarlyStoppingPatience", "HoldoutShape", "Method", "ClassicalGuide", "ReferencePixels",
        }, top);
        var siren = doc.RootElement.GetProperty("Representation").EnumerateObject().Select(p => p.Name).ToArray();
        CollectionAssert.AreEquivalent(new[] { "kind", "HiddenWidth", "HiddenLayers", "FirstOmega", "HiddenOmega", "Activation", "LearningRate" }, siren);
        var inrr = doc.RootElement.GetProperty("Regularizers")[0].EnumerateObject().Select(p => p.Name).ToArray();
        CollectionAssert.AreEquivalent(new[] { "kind", "RowWeight", "ColumnWeight", "Rank", "Width", "Layers", "FirstOmega", "HiddenOmega", "LearningRate", "ReferenceSide" }, inrr);
        using var guided = JsonDocument.Parse(JsonSerializer.Serialize(CompletionOptions.Guided));
        var guide = guided.RootElement.GetProperty("ClassicalGuide").EnumerateObject().Select(p => p.Name).ToArray();
        CollectionAssert.AreEquivalent(new[] { "Method", "Radius", "PriorWeight", "PriorFullWeightMissingShare", "PriorDecayFraction", "Blend", "BlendStrata", "BlendConfidence", "LowRank", "FrequencySelective" }, guide);
    }
}
