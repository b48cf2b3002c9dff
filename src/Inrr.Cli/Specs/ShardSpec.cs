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

    /// <exception cref="FormatException">The text is not i/N with 0 &lt;= i &lt; N.</exception>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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
