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
    public void ThePaperPreset_HasThePapersSettings()
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
    public void TheDefaults_AreTheGuidedPreset_AndFastIsInrrAlone()
    {
        // What the default is, value by value (Guided is new(), so comparing the two would prove nothing).
        var guided = new CompletionOptions();
        Assert.AreEqual((300, 256 * 256, 0.75, 0.1, HoldoutShape.HoleShaped, 25, 1.0), (guided.Steps, guided.ReferencePixels, guided.CoarseFraction,
            guided.HoldoutFraction, guided.HoldoutShape, guided.RefitSteps, guided.FullGridRestart));
        Assert.AreEqual(new ClassicalGuideOptions(), guided.ClassicalGuide);
        Assert.AreEqual((Classical.ClassicalInpaintMethod.NavierStokes, true, 4, true, true), (guided.ClassicalGuide!.Method, guided.ClassicalGuide.Blend,
            guided.ClassicalGuide.BlendStrata, guided.ClassicalGuide.LowRank, guided.ClassicalGuide.FrequencySelective));
        Assert.AreEqual((128, 4), (((SirenOptions)guided.Representation).HiddenWidth, ((SirenOptions)guided.Representation).HiddenLayers));
        Assert.IsInstanceOfType<InrrOptions>(guided.Regularizers.Single());
        Assert.AreEqual(guided, CompletionOptions.FromPreset(CompletionPreset.Guided));
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

    /// <summary>Options with every property away from its default, nested ones included (checked, so a new option must be added here).</summary>
    private static CompletionOptions EveryOptionChanged => new()
    {
        Steps = 42, Representation = new FourierFeatureOptions { Sigma = 3, Features = 17, HiddenWidth = 33, HiddenLayers = 2, LearningRate = 3e-3 },
        Regularizers = [new InrrOptions { Rank = 9, RowWeight = 2e-6, ColumnWeight = 3e-6, Width = 7, Layers = 3, FirstOmega = 4, HiddenOmega = 2, LearningRate = 5e-4, ReferenceSide = 128 },
            new AirOptions(), new TotalVariationOptions { P = 2 }, new WeightDecayOptions(), new CosineDirichletOptions()],
        RegularizerStartStep = 3, Seed = 7, Threads = 2, Device = "cuda:1", MemoryLimitBytes = 123456789, LogInterval = 9, CaptureAdjacency = false,
        CoarseFraction = 0.4, CoarseFactor = 3, LearningRateSchedule = LearningRateSchedule.Constant, FinalLearningRateFraction = 0.2,
        FullGridRestart = 0.5, OutputAveraging = 0.9, HoldoutFraction = 0.2, EarlyStoppingPatience = 11, RefitSteps = 13, ReferencePixels = 4096,
        HoldoutShape = HoldoutShape.Random, Method = CompletionMethod.Telea,
        Windows = new WindowOptions { Size = 200, Margin = 20, Overlap = 8, PicturesPerFit = 2, ConcurrentFits = 1, NetworkCutoff = 3 },
        ClassicalGuide = new ClassicalGuideOptions
        {
            Method = Classical.ClassicalInpaintMethod.Telea, Radius = 5, PriorWeight = 0.5, PriorFullWeightMissingShare = 0.3, PriorDecayFraction = 0.5,
            Blend = false, BlendStrata = 2, BlendConfidence = 1, LowRank = false, FrequencySelective = false,
        },
    };

    [TestMethod]
    public void EveryOption_RoundTripsThroughTheOneJsonFormat()
    {
        var options = EveryOptionChanged;
        foreach (var (name, changed, original) in Properties(options, new CompletionOptions())
                     .Concat(Properties(options.ClassicalGuide!, new ClassicalGuideOptions()))
                     .Concat(Properties((InrrOptions)options.Regularizers[0], new InrrOptions())))
            Assert.AreNotEqual(original, changed, $"{name} is at its default: change it above so the round trip covers it");
        string json = options.ToJson();
        Assert.AreEqual(options, CompletionOptions.FromJson(json));
        Assert.AreEqual(options, CompletionOptions.FromJson(options.ToJson(indented: false)));
        StringAssert.Contains(json, "\"kind\": \"fourier\"");
        StringAssert.Contains(json, "\"LearningRateSchedule\": \"Constant\"", "enums by name");
        StringAssert.Contains(json, "\"Method\": \"Telea\"");
        StringAssert.Contains(json, "\"HoldoutShape\": \"Random\"");

        foreach (var representation in new RepresentationOptions[]
                 {
                     new SirenOptions { Activation = OutputActivation.Identity, HiddenOmega = 2 }, new DeepMatrixFactorizationOptions { Depth = 4 },
                     new InrZOptions { Neighbourhood = 5, Network = new SirenOptions { HiddenWidth = 64 }, LearningRate = 3e-4 },
                 })
        {
            var other = options with { Representation = representation };
            Assert.AreEqual(other, CompletionOptions.FromJson(other.ToJson()), representation.Describe());
        }
        StringAssert.Contains((options with { Representation = new SirenOptions { Activation = OutputActivation.Identity } }).ToJson(), "\"Activation\": \"Identity\"");
    }

    [TestMethod]
    public void TheJsonFormat_RefusesAKeyNoOptionHas_NamingIt_AndReadsOldNumericEnums()
    {
        var e = Assert.ThrowsExactly<JsonException>(() => CompletionOptions.FromJson("""{"Stepz": 5}"""));
        StringAssert.Contains(e.Message, "Stepz");
        e = Assert.ThrowsExactly<JsonException>(() => CompletionOptions.FromJson("""{"ClassicalGuide": {"Bogus": 1}}"""));
        StringAssert.Contains(e.Message, "Bogus");
        e = Assert.ThrowsExactly<JsonException>(() => CompletionOptions.FromJson("""{"Representation": {"kind": "siren", "Widht": 3}}"""));
        StringAssert.Contains(e.Message, "Widht");
        // What reports wrote before the format named its enums.
        var old = CompletionOptions.FromJson("""{"LearningRateSchedule": 0, "HoldoutShape": 0, "Method": 1, "ClassicalGuide": {"Method": 0}}""");
        Assert.AreEqual((LearningRateSchedule.Constant, HoldoutShape.Random, CompletionMethod.Telea), (old.LearningRateSchedule, old.HoldoutShape, old.Method));
        Assert.AreEqual(Classical.ClassicalInpaintMethod.Telea, old.ClassicalGuide!.Method);
    }

    private static IEnumerable<(string Name, object? Changed, object? Original)> Properties<T>(T changed, T original) where T : notnull =>
        typeof(T).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true).Length == 0)
            .Select(p => ($"{typeof(T).Name}.{p.Name}", Normalized(p.GetValue(changed)), Normalized(p.GetValue(original))));

    private static object? Normalized(object? value) => value is System.Collections.IEnumerable list and not string ? string.Join(",", list.Cast<object>()) : value;

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
            "OutputAveraging", "HoldoutFraction", "EarlyStoppingPatience", "HoldoutShape", "Method", "ClassicalGuide", "ReferencePixels", "Windows",
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
