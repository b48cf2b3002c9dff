using System.Text;

namespace Inrr.Reporting;

/// <summary>File names made from user text (method labels, image names): safe on every file system.</summary>
internal static class FileNames
{
    /// <summary>Keeps letters, digits, '.', '_', '+' and '-'; anything else (':' of "tv:1e-3", '/', spaces) becomes '-'.</summary>
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = new StringBuilder(text.Length);
        foreach (char c in text) name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-' ? c : '-');
        return name.Length == 0 ? "unnamed" : name.ToString();
    }
}
