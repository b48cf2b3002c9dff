using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

/// <summary>DenoiseImage: the engine's denoising, row by row, saved and loaded like CompleteImage.</summary>
[TestClass]
public sealed class DenoisingTests
{
    [TestMethod]
    public void DenoiseImage_GivesTheEnginesPixels_ReplacingEveryPixel_AndSurvivesSaveAndLoad()
    {
        var ml = new MLContext(seed: 0);
        var rows = TestData.TwoImages(size: 16, channels: 3)
            .Select(r => (r.Name, Image: GaussianNoise.Add(r.Image, 0.1, seed: 1), r.Mask)).ToList();
        var data = TestData.Table(ml, rows, scale: 255f);
        var options = TestData.Quick(steps: 10) with { HoldoutFraction = 0.1 };
        var model = ml.Transforms.DenoiseImage("Denoised", "Pixels", options).Fit(data);
        var denoised = TestData.Column(model.Transform(data), "Denoised");

        for (int r = 0; r < rows.Count; r++)
        {
            // The engine sees the column's values times PixelScale, as the transform reads them.
            var seen = new ImageData(3, 16, 16, rows[r].Image.Pixels.Select(v => Math.Clamp(v * 255f * (1 / 255f), 0f, 1f)).ToArray());
            var engine = new CompletionFitter(options with { CaptureAdjacency = false }).Denoise(seen);
            var expected = engine.Completed.Pixels.Select(v => v / (1 / 255f)).ToArray();
            CollectionAssert.AreEqual(expected, denoised[r], $"row {r}: the engine's denoised pixels, in the column's units");
            var input = rows[r].Image.Pixels.Select(v => v * 255f).ToArray();
            Assert.IsTrue(denoised[r].Zip(input).Count(p => p.First != p.Second) > input.Length / 2, "every pixel is replaced, the observed ones too");
        }

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext(seed: 1).Model.Load(stream, out _);
        var again = TestData.Column(loaded.Transform(data), "Denoised");
        for (int r = 0; r < rows.Count; r++) CollectionAssert.AreEqual(denoised[r], again[r], $"row {r} after save and load");
    }

    [TestMethod]
    public void DenoiseImage_WithAClassicalMethod_IsRefusedNamingTheOption()
    {
        var ml = new MLContext(seed: 0);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.DenoiseImage("Denoised", "Pixels", CompletionOptions.NavierStokes));
        Assert.AreEqual("Completion", e.ParamName);
    }
}
