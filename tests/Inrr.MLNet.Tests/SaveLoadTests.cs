using System.Diagnostics;
using Inrr.Torch.Imaging;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

[TestClass]
public sealed class SaveLoadTests
{
    /// <summary>Options far from the defaults in every part that is saved: a load that fell back to defaults would differ.</summary>
    private static Torch.Fitting.CompletionOptions Saved => TestData.Quick(steps: 7, seed: 3) with
    {
        Representation = new SirenOptions { HiddenWidth = 12, HiddenLayers = 2, FirstOmega = 20, LearningRate = 2e-3 },
        Regularizers = [new InrrOptions { Rank = 6, Width = 8, Layers = 2, RowWeight = 1e-4 }, new TotalVariationOptions { Weight = 1e-4, P = 2 }],
    };

    [TestMethod]
    public void SaveAndLoad_InProcess_GivesIdenticalOutputs_AsVariableLengthVectors()
    {
        var ml = new MLContext(seed: 0);
        var data = TestData.Table(ml, TestData.TwoImages(size: 16));
        var model = ml.Transforms.GenerateTextMask("TextMask", 16, 16, "X", textScale: 2)
            .Append(ml.Transforms.ApplyMask("Observed", "Pixels", "TextMask", holeValue: 0.25f))
            .Append(ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
            {
                InputColumnName = "Observed", MaskColumnName = "TextMask", Completion = Saved, PixelScale = 1, RawOutputColumnName = "Raw",
            }))
            .Append(ml.Transforms.ConvertPixelsToImage("Image", "Completed", pixelScale: 1))
            .Fit(data);
        var expected = TestData.Column(model.Transform(data), "Completed");

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext(seed: 42).Model.Load(stream, out var inputSchema);
        Assert.IsNotNull(inputSchema.GetColumnOrNull("Pixels"));
        var output = loaded.Transform(data);

        var actual = TestData.Column(output, "Completed");
        for (int r = 0; r < expected.Count; r++) CollectionAssert.AreEqual(expected[r], actual[r], $"row {r}");
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single), output.Schema["Completed"].Type,
            "a loaded CustomMapping declares no size (documented)");
        Assert.IsNotNull(output.Schema.GetColumnOrNull("Raw"));
        Assert.IsFalse(output.Schema.Any(c => !c.IsHidden && c.Name.StartsWith("Inrr.Internal.", StringComparison.Ordinal)));
        var image = output.GetColumn<MLImage>("Image").First();
        Assert.AreEqual((16, 16), (image.Width, image.Height), "the converter kept its size through the load");
    }

    [TestMethod]
    public void SavedModel_LoadedInAnotherProcess_CompletesWithTheSavedOptions_Identically()
    {
        string folder = TestData.TemporaryFolder();
        string images = TestData.PictureFiles(folder);

        // The sample's pipeline and input rows (absolute paths in ImagePath), fitted and saved here.
        var ml = new MLContext(seed: 0);
        var rows = Directory.GetFiles(images).Order(StringComparer.Ordinal).Select(p => new { ImagePath = p }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.LoadImages("Image", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", 20, 20))
            .Append(ml.Transforms.ExtractPixels("Truth", "Image"))
            .Append(ml.Transforms.GenerateRandomMask("Mask", 20, 20, 0.4, seed: 5))
            .Append(ml.Transforms.ApplyMask("Observed", "Truth", "Mask"))
            .Append(ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
            {
                InputColumnName = "Observed", MaskColumnName = "Mask", OutputColumnName = "Completed", Completion = Saved,
            }))
            .Append(ml.Transforms.ConvertPixelsToImage("ObservedImage", "Observed"))
            .Append(ml.Transforms.ConvertPixelsToImage("CompletedImage", "Completed"))
            .Fit(data);
        string modelPath = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, data.Schema, modelPath);
        var expected = TestData.Column(model.Transform(data), "Completed");

        string vectors = Path.Combine(folder, "loaded.bin");
        var (exitCode, log) = RunSample("load-model", "--model", modelPath, "--images", images, "--out", Path.Combine(folder, "loaded"), "--vectors", vectors);
        Assert.AreEqual(0, exitCode, log);
        StringAssert.Contains(log, "2 fitted", log);

        var actual = ReadVectors(vectors);
        Assert.AreEqual(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
            CollectionAssert.AreEqual(expected[r], actual[r], $"row {r}: the other process must reproduce the saved fit exactly");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "loaded", "a-completed.png")));
    }

    [TestMethod]
    public void Sample_RunsOnItsBuiltInImages_AndWritesPicturesMetricsAndModel()
    {
        string folder = TestData.TemporaryFolder();
        var (exitCode, log) = RunSample("--out", folder, "--size", "16", "--steps", "4", "--hidden-width", "8", "--hidden-layers", "1", "--threads", "1");
        Assert.AreEqual(0, exitCode, log);
        StringAssert.Contains(log, "| mean of 3 |");
        StringAssert.Contains(log, "hole pixels (ML.NET RegressionMetrics");
        foreach (var name in new[] { "facade-square", "facade-wide", "facade-gray" })
            Assert.IsTrue(File.Exists(Path.Combine(folder, $"{name}-completed.png")), name);
        Assert.IsTrue(File.Exists(Path.Combine(folder, "model.zip")));
        Assert.IsTrue(File.Exists(Path.Combine(folder, "report", "panels.png")), "the sample writes the report (with pictures) too");
        Assert.AreEqual(4, File.ReadAllLines(Path.Combine(folder, "report", "metrics.csv")).Length, "header + 3 images");
    }

    private static (int ExitCode, string Log) RunSample(params string[] arguments)
    {
        string host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(TestData.SampleAssembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The sample did not finish within 2 minutes.\n" + stdout);
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static List<float[]> ReadVectors(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int count = reader.ReadInt32();
        var vectors = new List<float[]>(count);
        for (int i = 0; i < count; i++)
        {
            var vector = new float[reader.ReadInt32()];
            for (int j = 0; j < vector.Length; j++) vector[j] = reader.ReadSingle();
            vectors.Add(vector);
        }
        return vectors;
    }
}
