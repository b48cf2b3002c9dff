using System.Globalization;
using System.Text;
using Inrr.Torch.Imaging;
using Microsoft.ML;

namespace Inrr.MLNet.Sample;

/// <summary>The built-in set of pictures: computed facades, so the sample runs without any data folder.</summary>
internal static class BuiltInImages
{
    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        // Different sizes and aspect ratios on purpose: ResizeImages brings them all to the pipeline's size.
        ImageIO.SavePng(SyntheticImage.Facade(64, 64, channels: 3), Path.Combine(folder, "facade-square.png"));
        ImageIO.SavePng(SyntheticImage.Facade(72, 96, channels: 3), Path.Combine(folder, "facade-wide.png"));
        ImageIO.SavePng(SyntheticImage.Facade(80, 80, channels: 1), Path.Combine(folder, "facade-gray.png"));
        return folder;
    }
}

/// <summary>One input row: an image file and, optionally, its mask file.</summary>
internal sealed class ImageRow
{
    public string ImagePath { get; set; } = "";
    public string MaskPath { get; set; } = "";
}

/// <summary>Rows of an image folder, with masks of the same file name when a mask folder is given.</summary>
internal sealed class ImageRows(List<ImageRow> rows, bool withMasks)
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public int Count => rows.Count;

    public static ImageRows FromFolders(string images, string? masks)
    {
        var files = Directory.EnumerateFiles(images)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new ArgumentException($"Folder '{images}' has no image files ({string.Join(", ", Extensions)}).");
        var rows = new List<ImageRow>();
        foreach (var file in files)
        {
            var row = new ImageRow { ImagePath = file, MaskPath = masks is null ? "" : Path.Combine(masks, Path.GetFileName(file)) };
            // One bad file must not end the batch, and ML.NET's LoadImages would end it: check each file once here.
            string? reason = Unreadable(row.ImagePath) ?? (masks is null ? null : Unreadable(row.MaskPath));
            if (reason is not null)
                Console.WriteLine($"skipped {Path.GetFileName(file)}: {reason}");
            else
                rows.Add(row);
        }
        if (rows.Count == 0) throw new ArgumentException($"No readable image (with its mask) in '{images}'.");
        return new ImageRows(rows, masks is not null);
    }

    private static string? Unreadable(string path)
    {
        try
        {
            _ = ImageIO.Load(path);
            return null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    public IDataView ToDataView(MLContext mlContext)
    {
        var view = mlContext.Data.LoadFromEnumerable(rows);
        return withMasks ? view : mlContext.Transforms.DropColumns(nameof(ImageRow.MaskPath)).Fit(view).Transform(view);
    }
}

/// <summary>The sample's metrics table.</summary>
internal static class MetricsTable
{
    public static string Format(ImageCompletionEvaluation evaluation)
    {
        var text = new StringBuilder();
        text.AppendLine("| image | PSNR dB | hole PSNR dB | hole NMAE | SSIM | note |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var score in evaluation.Images)
        {
            string name = Path.GetFileName(score.ImageId ?? $"row {score.Row}");
            text.AppendLine(score.Metrics is { } m
                ? Invariant($"| {name} | {m.Psnr:F2} | {m.PsnrHoles:F2} | {m.NmaeHoles:F4} | {m.Ssim:F4} | |")
                : $"| {name} | | | | | {score.Error} |");
        }
        if (evaluation.Mean is { } mean)
            text.AppendLine(Invariant($"| mean of {evaluation.EvaluatedCount} | {mean.Psnr:F2} | {mean.PsnrHoles:F2} | {mean.NmaeHoles:F4} | {mean.Ssim:F4} | |"));
        if (evaluation.HolePixels is { } r)
            text.Append(Invariant($"hole pixels (ML.NET RegressionMetrics, values in [0, 1]): MAE {r.MeanAbsoluteError:F4}, MSE {r.MeanSquaredError:F5}, RMSE {r.RootMeanSquaredError:F4}, R^2 {r.RSquared:F4}"));
        return text.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Completed vectors as a small binary file: row count, then per row its length and float32 values.</summary>
internal static class CompletedVectors
{
    public static void Write(string path, IReadOnlyList<float[]> vectors)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(vectors.Count);
        foreach (var vector in vectors)
        {
            writer.Write(vector.Length);
            foreach (float v in vector) writer.Write(v);
        }
    }

    public static List<float[]> Read(string path)
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
