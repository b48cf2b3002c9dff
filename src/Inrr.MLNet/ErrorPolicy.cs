namespace Inrr.MLNet;

/// <summary>What a transform does with a row it cannot process (no image, an unusable mask, a failed fit).</summary>
public enum ErrorPolicy
{
    /// <summary>
    /// Reading the row throws an <see cref="ImageCompletionException"/> that names the column and the problem. ML.NET
    /// may run cursors on worker threads and wrap it: look for it among the inner exceptions.
    /// </summary>
    Throw,

    /// <summary>
    /// The row's output vectors are filled with NaN (never a plausible image) and its error column holds the reason;
    /// the other rows are not affected. Drop such rows with <c>mlContext.Data.FilterRowsByMissingValues(data,
    /// outputColumnName)</c>, or read the error column.
    /// </summary>
    Mark,
}
