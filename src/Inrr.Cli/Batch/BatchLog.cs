using System.Text.Json;
using System.Text.Json.Serialization;
using Inrr.Cli.Output;
using Inrr.Cli.Specs;

namespace Inrr.Cli.Batch;

/// <summary>
/// The batch's record file pair, <c>results.json</c> and <c>results.csv</c> (per shard
/// <c>results.shard-I-of-N.*</c>, so machines sharing the output folder never overwrite each other's records).
/// Rewritten atomically after every image, so a killed run leaves a complete record of what it finished;
/// a resumed run reads it back to keep the metrics of images it skips.
/// </summary>
internal sealed class BatchLog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // Plain quotes and non-ASCII letters in file names and commands: these files are read by people too.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly string[] CsvHeader = ["image", "status", "output", "error", "missing_fraction", "psnr_holes", "nmae_holes", "psnr", "ssim", "steps", "seconds"];

    private readonly string _command;
    private readonly Dictionary<string, BatchRecord> _previous;
    private readonly List<BatchRecord> _records = [];

    /// <summary>Opens the log of <paramref name="shard"/> in <paramref name="folder"/>, reading an earlier run's records if any.</summary>
    public BatchLog(string folder, ShardSpec shard, string command)
    {
        string stem = shard.Count == 1 ? "results" : $"results.shard-{shard.Index}-of-{shard.Count}";
        JsonPath = Path.Combine(folder, stem + ".json");
        CsvPath = Path.Combine(folder, stem + ".csv");
        _command = command;
        _previous = ReadPrevious(JsonPath, _notes);
    }

    private readonly List<string> _notes = [];

    /// <summary>What the run should tell the user about the record files (an unreadable one kept aside).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The JSON record file.</summary>
    public string JsonPath { get; }

    /// <summary>The CSV record file.</summary>
    public string CsvPath { get; }

    /// <summary>The records of this run so far, in processing order.</summary>
    public IReadOnlyList<BatchRecord> Records => _records;

    /// <summary>The record an earlier run wrote for <paramref name="image"/>, if any.</summary>
    public BatchRecord? Previous(string image) => _previous.GetValueOrDefault(image);

    /// <summary>Adds a record and rewrites both files.</summary>
    public void Add(BatchRecord record)
    {
        _records.Add(record);
        WriteFiles(JsonPath, CsvPath, _command, _records);
    }

    /// <summary>Writes a record file pair (JSON and CSV) atomically.</summary>
    public static void WriteFiles(string jsonPath, string csvPath, string command, IReadOnlyList<BatchRecord> records)
    {
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(new LogFile(command, records), Json));
        AtomicFile.WriteAllText(csvPath, CsvText.Format(CsvHeader, records.Select(r => (IReadOnlyList<string?>)
        [
            r.Image, r.Status, r.Output, r.Error, CsvText.Number(r.MissingFraction), CsvText.Number(r.PsnrHoles),
            CsvText.Number(r.NmaeHoles), CsvText.Number(r.Psnr), CsvText.Number(r.Ssim), r.Steps?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CsvText.Number(r.Seconds),
        ])));
    }

    /// <summary>The records of a record file, or null when it cannot be read.</summary>
    public static IReadOnlyList<BatchRecord>? ReadRecords(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LogFile>(File.ReadAllText(path), Json)?.Records ?? [];
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>An earlier run's records by image; an unreadable file is kept aside (never silently replaced) and reported.</summary>
    private static Dictionary<string, BatchRecord> ReadPrevious(string path, List<string> notes)
    {
        if (!File.Exists(path)) return [];
        try
        {
            var log = JsonSerializer.Deserialize<LogFile>(File.ReadAllText(path), Json);
            return log?.Records?.GroupBy(r => r.Image).ToDictionary(g => g.Key, g => g.Last()) ?? [];
        }
        catch (JsonException)
        {
            string aside = BatchFolder.KeepAside(path);
            notes.Add($"{Path.GetFileName(path)} could not be read; kept as {Path.GetFileName(aside)}; skipped images get records without their earlier metrics.");
            return [];
        }
    }

    /// <summary>The JSON file's shape.</summary>
    private sealed record LogFile(
        [property: JsonPropertyName("command")] string Command,
        [property: JsonPropertyName("records")] IReadOnlyList<BatchRecord> Records);
}
