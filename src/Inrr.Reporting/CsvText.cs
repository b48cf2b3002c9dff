using System.Globalization;
using System.Text;

namespace Inrr.Reporting;

/// <summary>RFC 4180 CSV text: fields with a comma, quote or line break are quoted; numbers in invariant culture.</summary>
internal static class CsvText
{
    /// <summary>One CSV document: a header row, then the rows, each line ended by CRLF as RFC 4180 asks.</summary>
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        AppendRow(text, header);
        foreach (var row in rows) AppendRow(text, row);
        return text.ToString();
    }

    /// <summary>A number as CSV wants it: round-trippable, invariant, empty when absent.</summary>
    public static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendRow(StringBuilder text, IReadOnlyList<string?> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Escape(fields[i] ?? ""));
        }
        text.Append("\r\n");
    }

    private static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
