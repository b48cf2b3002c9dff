using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inrr.Cli.Fitting;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Runtime;

namespace Inrr.Cli.Batch;

/// <summary>
/// A batch's hold on its output folder for one run: a lock per shard (a second run of the same shard on the same
/// folder is refused, naming the holder; shards of one data set run side by side), the settings manifest
/// (<c>inrr-batch.json</c>: a resumed run with other settings is refused, or redoes everything with
/// <c>--overwrite</c>, said so), and the clean-up of temporary files killed runs left behind.
/// </summary>
internal sealed class BatchFolder : IDisposable
{
    /// <summary>The manifest: the settings every output in the folder was made with.</summary>
    public const string ManifestFile = "inrr-batch.json";

    /// <summary>Temporary files older than this belong to no live writer (one writes and renames within seconds).</summary>
    private static readonly TimeSpan StaleTemporary = TimeSpan.FromMinutes(10);

    private readonly FileStream _lock;

    private BatchFolder(FileStream heldLock, IReadOnlyList<string> notes)
    {
        _lock = heldLock;
        Notes = notes;
    }

    /// <summary>What the run should tell the user (settings changed under --overwrite, stale files removed).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Takes the folder for <paramref name="job"/>.</summary>
    /// <exception cref="InputException">Another run holds the shard, or the folder's outputs were made with other settings (without --overwrite).</exception>
    public static BatchFolder Open(BatchJob job)
    {
        Directory.CreateDirectory(job.OutputFolder);
        string stem = job.Shard.Count == 1 ? "results" : $"results.shard-{job.Shard.Index}-of-{job.Shard.Count}";
        string lockPath = Path.Combine(job.OutputFolder, stem + ".lock");
        FileStream heldLock;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Linux): released by the kernel when the
            // process dies, so a killed run never leaves the folder locked.
            heldLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string holder = File.Exists(lockPath) ? TryRead(lockPath) : "";
            throw new InputException("--out", $"another batch run is working on '{job.OutputFolder}' (shard {job.Shard}{(holder.Length > 0 ? ": " + holder : "")}). " +
                "Wait for it, or give this run another --shard or --out.");
        }
        try
        {
            heldLock.SetLength(0);
            using (var writer = new StreamWriter(heldLock, leaveOpen: true))
                writer.Write($"pid {Environment.ProcessId} since {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}: {job.CommandLine}");
            heldLock.Flush(flushToDisk: true);
            var notes = new List<string>();
            CheckManifest(job, notes);
            RemoveStaleTemporaries(job.OutputFolder, notes);
            return new BatchFolder(heldLock, notes);
        }
        catch
        {
            heldLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The settings that decide an output's pixels (not the shard, the threads, the device or the command's spelling: a batch
    /// started on a GPU may be finished on CPUs; their pixels differ only by float rounding).
    /// </summary>
    public static JsonObject Settings(BatchJob job) => new()
    {
        ["mask"] = job.Mask?.ToString() ?? "files in " + Path.GetFullPath(job.MasksFolder!),
        ["mask_rule"] = job.MaskRule.ToString(),
        ["truths"] = job.TruthsFolder is null ? null : Path.GetFullPath(job.TruthsFolder),
        ["size"] = job.Size?.ToString(),
        ["color"] = job.Color.ToString(),
        ["method"] = job.Method.Label,
        ["options"] = JsonNode.Parse((job.Method.Options with { Threads = 0, Device = TorchRuntime.CpuDevice, LogInterval = 1, CaptureAdjacency = false }).ToJson()),
    };

    private static void CheckManifest(BatchJob job, List<string> notes)
    {
        string path = Path.Combine(job.OutputFolder, ManifestFile);
        var current = Settings(job);
        JsonObject? previous = null;
        if (File.Exists(path))
        {
            try
            {
                previous = JsonNode.Parse(File.ReadAllText(path))?["settings"] as JsonObject;
            }
            catch (JsonException)
            {
                string aside = KeepAside(path);
                notes.Add($"{ManifestFile} could not be read; kept as {Path.GetFileName(aside)}, and a new one written.");
            }
        }
        if (previous is not null && current.Select(p => p.Key).Union(previous.Select(p => p.Key)).Any(k => !Same(k, previous[k], current[k])))
        {
            var differences = current.Select(p => p.Key).Union(previous.Select(p => p.Key))
                .Where(k => !Same(k, previous[k], current[k]))
                .Select(k => $"{k}: {Short(previous[k])} -> {Short(current[k])}").ToList();
            if (!job.Overwrite)
                throw new InputException("--out", $"'{job.OutputFolder}' holds outputs made with other settings ({string.Join("; ", differences)}). " +
                    "Resuming would mix them: give --overwrite to redo every image with these settings, or another --out.");
            notes.Add($"settings changed ({string.Join("; ", differences)}): --overwrite redoes every image.");
        }
        AtomicFile.WriteAllText(path, new JsonObject
        {
            ["written_by"] = job.CommandLine,
            ["settings"] = current,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// Whether a manifest's setting is the current one: options by value (a manifest written before the options' JSON
    /// named its enums holds numbers for them), everything else as written.
    /// </summary>
    private static bool Same(string key, JsonNode? previous, JsonNode? current)
    {
        if (key != "options" || previous is null || current is null) return JsonNode.DeepEquals(previous, current);
        try
        {
            return CompletionOptions.FromJson(previous.ToJsonString()) == CompletionOptions.FromJson(current.ToJsonString());
        }
        catch (JsonException)
        {
            return false; // not options this version reads: other settings
        }
    }

    private static string Short(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "none";
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    /// <summary>Moves an unreadable file aside (never deleted: it may be all that is left of a run) and returns the new path.</summary>
    public static string KeepAside(string path)
    {
        string aside = $"{path}.unreadable-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        File.Move(path, aside, overwrite: true);
        return aside;
    }

    private static void RemoveStaleTemporaries(string folder, List<string> notes)
    {
        int removed = 0;
        foreach (var temporary in Directory.EnumerateFiles(folder, "*" + AtomicFile.TemporarySuffix))
        {
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(temporary) < StaleTemporary) continue; // maybe another shard's, being written
                File.Delete(temporary);
                removed++;
            }
            catch (IOException)
            {
                // gone already, or in use: not ours to insist on
            }
        }
        if (removed > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"removed {removed} temporary file(s) left by an interrupted run."));
    }

    /// <summary>
    /// Whether an existing output is a finished one: a PNG that decodes, of the working size when one is fixed. A
    /// 0-byte or truncated file (a crash outside the atomic write, a full disk) is not, and is redone.
    /// </summary>
    public static bool IsFinishedOutput(string path, BatchJob job, out string? problem)
    {
        problem = null;
        try
        {
            var image = ImageIO.Load(path, job.Color);
            if (job.Size is { } size && (image.Width != size.Width || image.Height != size.Height))
                problem = $"{image.Width}x{image.Height}, not the working size {size}";
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problem = "not a readable PNG";
        }
        return problem is null;
    }

    private static string TryRead(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Releases the lock (the lock file stays; it is empty of meaning once unlocked).</summary>
    public void Dispose() => _lock.Dispose();
}
