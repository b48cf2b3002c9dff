namespace Inrr.Cli.Batch;

/// <summary>The outcome of a batch run.</summary>
/// <param name="Records">One record per image of this shard, in order.</param>
/// <param name="JsonPath">The JSON record file.</param>
/// <param name="CsvPath">The CSV record file.</param>
internal sealed record BatchSummary(IReadOnlyList<BatchRecord> Records, string JsonPath, string CsvPath)
{
    /// <summary>Images completed in this run.</summary>
    public int Completed => Records.Count(r => r.Status == BatchRecord.Completed);

    /// <summary>Images whose output already existed.</summary>
    public int Skipped => Records.Count(r => r.Status == BatchRecord.Skipped);

    /// <summary>Images that failed.</summary>
    public int Failed => Records.Count(r => r.Status == BatchRecord.Failed);
}
