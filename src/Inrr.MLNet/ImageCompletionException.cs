namespace Inrr.MLNet;

/// <summary>A row could not be completed (see <see cref="ErrorPolicy.Throw"/>).</summary>
public sealed class ImageCompletionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ImageCompletionException(string message, string columnName, Exception? innerException = null)
        : base(message, innerException) => ColumnName = columnName;

    /// <summary>The output column whose row failed.</summary>
    public string ColumnName { get; }
}
