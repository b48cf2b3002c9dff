using System.Reflection;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Inrr.MLNet.Tests;

/// <summary>Small images, tiny networks and in-memory tables shared by the tests.</summary>
internal static class TestData
{
    /// <summary>A tiny, quick fit: these tests are about the plumbing, not the quality.</summary>
    public static CompletionOptions Quick(int steps = 8, int seed = 0) => new()
    {
        Steps = steps,
        Seed = seed,
        Representation = new SirenOptions { HiddenWidth = 16, HiddenLayers = 2, LearningRate = 1e-3 },
        Regularizers = [new InrrOptions { Rank = 8, Width = 8, Layers = 2 }],
        LogInterval = 4,
        Threads = 1,
        ReferencePixels = 0, // exactly these steps at these tiny sizes
    };

    /// <summary>One row of an in-memory image table.</summary>
    public sealed class ImageRow
    {
        public string Name { get; set; } = "";
        public float[] Pixels { get; set; } = [];
        public float[] Mask { get; set; } = [];
    }

    /// <summary>
    /// A table with Name, Pixels (C x H x W, declared with its dimensions like ExtractPixels does) and Mask (H x W).
    /// </summary>
    public static IDataView Table(MLContext mlContext, IEnumerable<(string Name, ImageData Image, Mask Mask)> rows, float scale = 1f)
    {
        var list = rows.ToList();
        var first = list[0].Image;
        var definition = SchemaDefinition.Create(typeof(ImageRow));
        definition[nameof(ImageRow.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, first.Channels, first.Height, first.Width);
        definition[nameof(ImageRow.Mask)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, first.Height, first.Width);
        return mlContext.Data.LoadFromEnumerable(list.Select(r => new ImageRow
        {
            Name = r.Name,
            Pixels = r.Image.Pixels.Select(v => v * scale).ToArray(),
            Mask = (float[])r.Mask.Values.Clone(),
        }), definition);
    }

    /// <summary>Two different small images (gray or RGB) with their masks, as the engine sees them.</summary>
    public static List<(string Name, ImageData Image, Mask Mask)> TwoImages(int size = 20, int channels = 3)
    {
        var facade = SyntheticImage.Facade(size, size, channels);
        var mirrored = facade.Clone();
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    mirrored[c, y, x] = facade[c, y, size - 1 - x];
        return
        [
            ("facade", facade, MaskFactory.Random(size, size, 0.4, seed: 1)),
            ("mirrored", mirrored, MaskFactory.Patch(size, size, new PixelRect(4, 5, 6, 7))),
        ];
    }

    public static List<float[]> Column(IDataView data, string column) =>
        data.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToList();

    /// <summary>This test run's scratch folder (deleted after the run).</summary>
    public static readonly string TemporaryRoot = Path.Combine(Path.GetTempPath(), "inrr-mlnet-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// A folder "images" in <paramref name="folder"/> with two picture files: a.png (20 x 20 RGB) and b.png (24 x 16,
    /// gray or RGB): different sizes, as a user's folder has them.
    /// </summary>
    public static string PictureFiles(string folder, int secondChannels = 1)
    {
        string images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
        ImageIO.SavePng(SyntheticImage.Facade(20, 20, 3), Path.Combine(images, "a.png"));
        ImageIO.SavePng(SyntheticImage.Facade(24, 16, secondChannels), Path.Combine(images, "b.png"));
        return images;
    }

    public static string TemporaryFolder()
    {
        var folder = Path.Combine(TemporaryRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The exception itself or the first inner exception of type <typeparamref name="T"/> (ML.NET wraps errors of its worker threads).</summary>
    public static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T match) return match;
        return null;
    }

    /// <summary>The sample's assembly as the build placed it (recorded by the test project file).</summary>
    public static string SampleAssembly =>
        typeof(TestData).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "InrrMLNetSample").Value
        ?? throw new InvalidOperationException("The test assembly does not record where the sample was built.");
}
