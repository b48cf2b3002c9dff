using Inrr.Cli.Output;
using Inrr.Cli.Specs;

namespace Inrr.Cli.Batch;

/// <summary>
/// Decides what a batch run does, before any image is read: which images exist, which belong to this shard,
/// where each one's mask, truth and output are. Planning looks at the whole folder, not just the shard, so
/// every machine of a sharded run sees the same name clashes and the same order.
/// </summary>
internal static class BatchPlanner
{
    /// <summary>File extensions read as images (what the engine's decoders accept).</summary>
    public static readonly IReadOnlyList<string> ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>
    /// The images of <paramref name="folder"/> (not its subfolders), sorted by file name with ordinal
    /// comparison, so the order (and so the shards) are the same on every machine and culture. Hidden
    /// files and leftovers of interrupted writes are not images.
    /// </summary>
    public static IReadOnlyList<string> ListImages(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(IsImageFile)
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Plans the images of this shard.</summary>
    /// <param name="images">All images, as <see cref="ListImages"/> returns them.</param>
    /// <param name="shard">This run's part.</param>
    /// <param name="outputFolder">Where completed PNGs go, one per input, named after it.</param>
    /// <param name="masksFolder">A folder holding one mask per image (same name, any image extension), or null.</param>
    /// <param name="truthsFolder">A folder holding one ground truth per image (same name), or null.</param>
    public static IReadOnlyList<BatchItem> Plan(IReadOnlyList<string> images, ShardSpec shard, string outputFolder,
        string? masksFolder, string? truthsFolder)
    {
        // Two inputs with one stem (a.png, a.jpg) would write the same a.png: neither is guessed, both fail.
        var clashes = images.GroupBy(Stem, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(Path.GetFileName)), StringComparer.OrdinalIgnoreCase);
        var masks = masksFolder is null ? null : IndexByStem(masksFolder);
        var truths = truthsFolder is null ? null : IndexByStem(truthsFolder);

        var plan = new List<BatchItem>();
        for (int i = 0; i < images.Count; i++)
        {
            if (!shard.Owns(i)) continue;
            string image = images[i], stem = Stem(image);
            string output = Path.Combine(outputFolder, stem + ".png");
            string? problem = clashes.TryGetValue(stem, out var names)
                ? $"inputs {names} would all be written to {stem}.png; rename all but one"
                : null;
            string? mask = null, truth = null;
            if (masks is not null && problem is null) problem = Find(masks, stem, masksFolder!, "mask", out mask);
            if (truths is not null && problem is null) problem = Find(truths, stem, truthsFolder!, "ground truth", out truth);
            plan.Add(new BatchItem(image, output, mask, truth, problem));
        }
        return plan;
    }

    private static bool IsImageFile(string path)
    {
        string name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)
            && ImageExtensions.Contains(Path.GetExtension(name).ToLowerInvariant());
    }

    private static string Stem(string path) => Path.GetFileNameWithoutExtension(path);

    private static Dictionary<string, List<string>> IndexByStem(string folder) =>
        Directory.EnumerateFiles(folder).Where(IsImageFile)
            .GroupBy(Stem, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList(), StringComparer.OrdinalIgnoreCase);

    private static string? Find(Dictionary<string, List<string>> index, string stem, string folder, string what, out string? path)
    {
        path = null;
        if (!index.TryGetValue(stem, out var candidates))
            return $"no {what} named {stem}.* in {folder}";
        if (candidates.Count > 1)
            return $"several {what} files named {stem}.* in {folder} ({string.Join(", ", candidates.Select(Path.GetFileName))}); keep one";
        path = candidates[0];
        return null;
    }
}
