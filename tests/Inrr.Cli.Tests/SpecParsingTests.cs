using Inrr.Torch.Fitting;
using Inrr.Cli.Specs;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.Cli.Tests;

[TestClass]
public sealed class SpecParsingTests
{
    [TestMethod]
    public void MaskSpec_ParsesEveryGeneratedKind()
    {
        Assert.AreEqual(new RandomMaskSpec(0.5, 0), MaskSpec.Parse("random:0.5"));
        Assert.AreEqual(new RandomMaskSpec(0.25, 7), MaskSpec.Parse("RANDOM: 0.25 , 7"));
        Assert.AreEqual(new PatchMaskSpec([new PixelRect(1, 2, 3, 4)]), MaskSpec.Parse("patch:1,2,3,4"));
        Assert.AreEqual(new PatchMaskSpec([new PixelRect(0, 0, 2, 2), new PixelRect(5, 5, 1, 3)]), MaskSpec.Parse("patch:0,0,2,2;5,5,1,3"));
        Assert.AreEqual(new TextMaskSpec("HELLO, WORLD: 1+1"), MaskSpec.Parse("text:HELLO, WORLD: 1+1"));
        Assert.AreEqual(new GridMaskSpec(3), MaskSpec.Parse("grid:3"));
        Assert.IsTrue(MaskSpec.Parse("grid:3").HidesPixelsOfCompleteImage);
    }

    [TestMethod]
    public void MaskSpec_ReadsAnExistingPathAsAMaskFile()
    {
        using var folder = new TestFolder();
        string path = folder.Picture("m.png");
        Assert.AreEqual(new FileMaskSpec(path), MaskSpec.Parse(path));
        Assert.AreEqual(new FileMaskSpec(path), MaskSpec.Parse("file:" + path));
        Assert.IsFalse(MaskSpec.Parse(path).HidesPixelsOfCompleteImage, "a mask file marks pixels that are really missing");
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow("random:1.5", "between 0 and 1")]
    [DataRow("random:0", "between 0 and 1")]
    [DataRow("random:half", "not a number")]
    [DataRow("random:0.5,x", "seed 'x' is not a whole number")]
    [DataRow("random:0.5,1,2", "random:RATE,SEED")]
    [DataRow("patch:1,2,3", "needs 4 numbers")]
    [DataRow("patch:-1,0,4,4", "must not be negative")]
    [DataRow("patch:0,0,0,4", "must be positive")]
    [DataRow("grid:1", "2 or more")]
    [DataRow("text:   ", "text of text:TEXT is empty")]
    [DataRow("rand:0.5", "neither a mask file that exists nor a generated mask")]
    [DataRow("file:/no/such/mask.png", "neither a mask file that exists")]
    public void MaskSpec_RejectsBadSpecs_SayingWhy(string spec, string expected)
    {
        var error = Assert.ThrowsExactly<FormatException>(() => MaskSpec.Parse(spec));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void MaskSpec_Create_ChecksTheImageSize()
    {
        var mask = MaskSpec.Parse("patch:2,3,4,5").Create(16, 20, MaskImageRule.ExactWhiteObserved);
        Assert.AreEqual(20, mask.MissingCount);
        Assert.IsFalse(mask.IsObserved(3, 2));
        Assert.IsTrue(mask.IsObserved(2, 2));
        Assert.AreEqual(128, MaskSpec.Parse("random:0.5,3").Create(16, 16, MaskImageRule.ExactWhiteObserved).MissingCount);
        var error = Assert.ThrowsExactly<ArgumentException>(() => MaskSpec.Parse("patch:10,0,8,8").Create(16, 16, MaskImageRule.ExactWhiteObserved));
        StringAssert.Contains(error.Message, "10,0,8,8 reaches outside the 16x16");
    }

    [TestMethod]
    public void MethodSpec_ParsesNamesWeightsAndCombinations()
    {
        Assert.IsTrue(MethodSpec.Parse("none").IsVanilla);
        Assert.AreEqual(new InrrOptions(), MethodSpec.Parse("INRR").Resolve([]).Single());
        Assert.AreEqual(new TotalVariationOptions { Weight = 1e-4 }, MethodSpec.Parse("tv:1e-4").Resolve([]).Single());
        var combined = MethodSpec.Parse("inrr:2e-5 + l2");
        Assert.AreEqual("inrr:2e-5+l2", combined.Label);
        var resolved = combined.Resolve([]);
        Assert.AreEqual(new InrrOptions { RowWeight = 2e-5, ColumnWeight = 2e-5 }, resolved[0]);
        Assert.AreEqual(new WeightDecayOptions(), resolved[1]);
        Assert.AreEqual(new AirOptions(), MethodSpec.Parse("air").Resolve([]).Single());
        Assert.AreEqual(new CosineDirichletOptions(), MethodSpec.Parse("cosine").Resolve([]).Single());
        Assert.AreEqual("tv:1e-4", MethodSpec.Parse("tv:0.0001").Label);
        Assert.AreEqual("tv:0.001", MethodSpec.Parse("tv:1e-3").Label);
        CollectionAssert.AreEqual(new[] { "none", "tv", "l2", "air", "inrr" },
            MethodSpec.ParseList(MethodSpec.PaperComparison).Select(m => m.Label).ToArray());
        Assert.AreEqual("inrr+tv", MethodSpec.LabelOf(CompletionOptions.Fast with { Regularizers = [new InrrOptions(), new TotalVariationOptions()] }));
        Assert.AreEqual("inrr+guide", MethodSpec.LabelOf(CompletionOptions.Guided));
        Assert.AreEqual("ns", MethodSpec.LabelOf(CompletionOptions.NavierStokes));
        Assert.AreEqual("fsr", MethodSpec.LabelOf(CompletionOptions.FrequencySelective));
    }

    [TestMethod]
    public void MaskSpec_StrokesAndBlocks()
    {
        Assert.AreEqual(new ShapeMaskSpec(ShapeMaskKind.Strokes, 0.1, 0), MaskSpec.Parse("strokes"));
        Assert.AreEqual(new ShapeMaskSpec(ShapeMaskKind.Strokes, 0.2, 7), MaskSpec.Parse("Strokes:0.2,7"));
        Assert.AreEqual(new ShapeMaskSpec(ShapeMaskKind.Blocks, 0.08, 0), MaskSpec.Parse("blocks:"));
        Assert.AreEqual("strokes:0.2,7", MaskSpec.Parse("strokes:0.2,7").ToString());
        var mask = MaskSpec.Parse("strokes:0.15,3").Create(64, 64, Inrr.Torch.Masks.MaskImageRule.ExactWhiteObserved);
        Assert.IsTrue(mask.MissingFraction is >= 0.15 and < 0.17, $"missing {mask.MissingFraction}");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => MaskSpec.Parse("blocks:0.7")).Message, "(0, 0.5]");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => MaskSpec.Parse("strokes:x")).Message, "not a number");
    }

    [TestMethod]
    public void MethodSpec_ClassicalMethodsAndTheGuide()
    {
        CollectionAssert.AreEqual(new[] { "telea", "ns", "fsr", "none", "inrr", "inrr+guide" },
            MethodSpec.ParseList(MethodSpec.ToolComparison).Select(m => m.Label).ToArray());
        Assert.AreEqual(CompletionMethod.Telea, MethodSpec.Parse("telea").ApplyTo(CompletionOptions.Fast).Method);
        Assert.AreEqual(CompletionMethod.NavierStokes, MethodSpec.Parse("NS").ApplyTo(CompletionOptions.Fast).Method);
        Assert.AreEqual(CompletionMethod.FrequencySelective, MethodSpec.Parse("fsr").ApplyTo(CompletionOptions.Fast).Method);

        var guided = MethodSpec.Parse("inrr+guide").ApplyTo(CompletionOptions.Fast);
        Assert.IsNotNull(guided.ClassicalGuide, "guide adds the classical guide to a preset without one");
        Assert.AreEqual(HoldoutShape.HoleShaped, guided.HoldoutShape);
        Assert.IsTrue(guided.HoldoutFraction > 0, "the blend needs held-out pixels");
        Assert.IsNull(MethodSpec.Parse("inrr").ApplyTo(CompletionOptions.Guided).ClassicalGuide, "without guide a method is the network alone");

        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => MethodSpec.Parse("ns+inrr")).Message, "classical method on its own");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => MethodSpec.Parse("inrr+guide:2")).Message, "takes no weight");
    }

    [TestMethod]
    public void MethodSpec_StartsFromThePresetsRegulariserOfTheSameKind()
    {
        var presetInrr = new InrrOptions { LearningRate = 1e-3, Rank = 64 };
        var inrr = (InrrOptions)MethodSpec.Parse("inrr:2e-5").Resolve([presetInrr]).Single();
        Assert.AreEqual(presetInrr with { RowWeight = 2e-5, ColumnWeight = 2e-5 }, inrr, "only the weight changes");
        Assert.AreEqual(presetInrr, MethodSpec.Parse("inrr").Resolve([presetInrr]).Single());
        Assert.AreEqual(new TotalVariationOptions(), MethodSpec.Parse("tv").Resolve([presetInrr]).Single(), "no TV in the preset: defaults");
    }

    [TestMethod]
    [DataRow("fancy", "Unknown regulariser 'fancy'")]
    [DataRow("none+tv", "'none' cannot be combined")]
    [DataRow("tv:-1", "must not be negative")]
    [DataRow("tv:abc", "not a number")]
    [DataRow("inrr,tv,inrr", "listed twice")]
    [DataRow(" , ", "list is empty")]
    public void MethodSpec_RejectsBadLists_SayingWhy(string list, string expected)
    {
        var error = Assert.ThrowsExactly<FormatException>(() => MethodSpec.ParseList(list));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void ShardSpec_DealsEveryImageToExactlyOneShard()
    {
        Assert.AreEqual(new ShardSpec(2, 4), ShardSpec.Parse("2/4"));
        for (int count = 1; count <= 5; count++)
        {
            var shards = Enumerable.Range(0, count).Select(i => ShardSpec.Parse($"{i}/{count}")).ToList();
            for (int image = 0; image < 23; image++)
                Assert.AreEqual(1, shards.Count(s => s.Owns(image)), $"image {image} with {count} shards");
        }
        Assert.IsTrue(new ShardSpec(1, 3).Owns(4));
        Assert.IsFalse(new ShardSpec(1, 3).Owns(5));
    }

    [TestMethod]
    [DataRow("4/4", "below 4")]
    [DataRow("1/0", "at least 1")]
    [DataRow("-1/4", "i/N")]
    [DataRow("1", "i/N")]
    [DataRow("a/b", "i/N")]
    public void ShardSpec_RejectsBadShards(string text, string expected)
    {
        var error = Assert.ThrowsExactly<FormatException>(() => ShardSpec.Parse(text));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void SizeAndRepresentationSpecs_Parse()
    {
        Assert.AreEqual(new SizeSpec(96, 96), SizeSpec.Parse("96"));
        Assert.AreEqual(new SizeSpec(128, 64), SizeSpec.Parse("128x64"));
        Assert.ThrowsExactly<FormatException>(() => SizeSpec.Parse("0x5"));
        Assert.ThrowsExactly<FormatException>(() => SizeSpec.Parse("12x"));

        var preset = new SirenOptions { HiddenWidth = 128, HiddenLayers = 4, LearningRate = 5e-4 };
        Assert.AreEqual(preset with { HiddenLayers = 2, HiddenWidth = 16 }, RepresentationSpec.Parse("siren:2x16").ApplyTo(preset),
            "the same kind keeps the preset's learning rate");
        Assert.AreEqual(preset, RepresentationSpec.Parse("siren").ApplyTo(preset));
        Assert.AreEqual(new FourierFeatureOptions { HiddenLayers = 3, HiddenWidth = 64 }, RepresentationSpec.Parse("fourier:3x64").ApplyTo(preset));
        Assert.AreEqual(new DeepMatrixFactorizationOptions { Depth = 4 }, RepresentationSpec.Parse("dmf:4").ApplyTo(preset));
        Assert.AreEqual(new InrZOptions { Network = preset }, RepresentationSpec.Parse("inrz").ApplyTo(preset),
            "INR-Z of the preset's SIREN");
        Assert.AreEqual(new InrZOptions { Network = preset with { HiddenLayers = 2, HiddenWidth = 16 } }, RepresentationSpec.Parse("inrz:2x16").ApplyTo(preset));
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => RepresentationSpec.Parse("mlp")).Message, "Unknown representation");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => RepresentationSpec.Parse("dmf:1")).Message, "2 or more");
    }

    /// <summary>Every regulariser of the engine's table is a method name, spelt as the engine spells it, with its weight.</summary>
    [TestMethod]
    public void EveryRegularizerOfTheEngine_ParsesByItsName_AndTheHelpNamesIt()
    {
        foreach (var (kind, create) in RegularizerOptions.Kinds)
        {
            StringAssert.Contains(MethodSpec.Names, kind);
            var options = MethodSpec.Parse($"{kind}:0.25").ApplyTo(CompletionOptions.Fast with { Regularizers = [] }); // no preset options of the kind to start from
            var single = options.Regularizers.Single();
            Assert.AreEqual(kind, single.Kind);
            Assert.AreEqual(create().WithWeight(0.25), single, kind);
            Assert.AreEqual(kind, MethodSpec.LabelOf(options));
        }
    }
}
