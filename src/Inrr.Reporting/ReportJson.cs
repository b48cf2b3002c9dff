using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inrr.Reporting;

/// <summary>The JSON files of a report: indented, readable, and able to hold an infinite PSNR.</summary>
internal static class ReportJson
{
    /// <summary>Metrics files: plain quotes and non-ASCII letters (read by people too); a perfect fit's PSNR is "Infinity".</summary>
    public static readonly JsonSerializerOptions Metrics = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

}
