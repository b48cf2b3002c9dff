using System.Globalization;

namespace Inrr.Cli.Specs;

/// <summary>
/// What <c>--shard i/N</c> says: this run takes part <paramref name="Index"/> (0-based) of
/// <paramref name="Count"/>. The images, sorted by name (ordinal, so every machine sorts alike), are dealt out
/// round-robin: image k belongs to shard k mod N. N runs with i = 0 .. N-1 cover every image exactly once,
/// whatever scheduler starts them (a job array index maps straight to i).
/// </summary>
internal readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>The whole data set in one run.</summary>
    public static ShardSpec All => new(0, 1);

    /// <summary>True when this shard owns the image at <paramref name="sortedIndex"/> in the sorted list.</summary>
    public bool Owns(int sortedIndex) => sortedIndex % Count == Index;

    /// <summary>The variable that gives a Kubernetes Indexed Job's shard count (the Job's <c>completions</c>; set it in the manifest).</summary>
    public const string CountVariable = "INRR_SHARD_COUNT";

    /// <summary>
    /// This task's shard from the scheduler that started it: a Slurm job array (<c>SLURM_ARRAY_TASK_ID</c> and
    /// <c>SLURM_ARRAY_TASK_COUNT</c>, counted from <c>SLURM_ARRAY_TASK_MIN</c>) or a Kubernetes Indexed Job
    /// (<c>JOB_COMPLETION_INDEX</c>, with the count in <see cref="CountVariable"/>).
    /// </summary>
    /// <exception cref="FormatException">No scheduler's variables are set, or they are not whole numbers.</exception>
    public static ShardSpec FromEnvironment(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        int Read(string name) => int.TryParse(variable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value : throw new FormatException($"--shard auto: {name} is '{variable(name)}', not a whole number.");
        if (variable("SLURM_ARRAY_TASK_ID") is not null)
        {
            int min = variable("SLURM_ARRAY_TASK_MIN") is null ? 0 : Read("SLURM_ARRAY_TASK_MIN");
            return Parse(string.Create(CultureInfo.InvariantCulture, $"{Read("SLURM_ARRAY_TASK_ID") - min}/{Read("SLURM_ARRAY_TASK_COUNT")}"));
        }
        if (variable("JOB_COMPLETION_INDEX") is not null)
        {
            if (variable(CountVariable) is null)
                throw new FormatException($"--shard auto: JOB_COMPLETION_INDEX is set but {CountVariable} is not; set it to the Job's completions in the manifest.");
            return Parse(string.Create(CultureInfo.InvariantCulture, $"{Read("JOB_COMPLETION_INDEX")}/{Read(CountVariable)}"));
        }
        throw new FormatException($"--shard auto: no scheduler variables found (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX and {CountVariable}).");
    }

    /// <exception cref="FormatException">The text is not i/N with 0 &lt;= i &lt; N, or auto without scheduler variables.</exception>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return FromEnvironment();
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new FormatException($"Expected i/N with whole numbers, e.g. 0/4 for the first of four shards; got '{text}'.");
        if (count < 1) throw new FormatException($"The number of shards must be at least 1; got '{text}'.");
        if (index >= count)
            throw new FormatException($"The shard index is 0-based and must be below {count} (0/{count} .. {count - 1}/{count}); got '{text}'.");
        return new ShardSpec(index, count);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
