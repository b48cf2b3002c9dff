using System.Text;
using static Inrr.Reporting.ReportDocument;

namespace Inrr.Reporting;

/// <summary>Renders a <see cref="ReportDocument"/> as GitHub-flavoured Markdown.</summary>
internal static class MarkdownRenderer
{
    /// <summary>The Markdown text.</summary>
    public static string Render(ReportDocument document)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(Escape(document.Title)).AppendLine();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    text.Append("## ").AppendLine(Escape(h.Text));
                    break;
                case ParagraphBlock p:
                    text.AppendLine(Escape(p.Text));
                    break;
                case ListBlock l:
                    foreach (var item in l.Items) text.Append("- ").AppendLine(Escape(item));
                    break;
                case CodeBlock c:
                    // A fence longer than any backtick run inside keeps the command intact.
                    string fence = new('`', Math.Max(3, LongestRun(c.Text, '`') + 1));
                    text.AppendLine(fence + "bash").AppendLine(c.Text).AppendLine(fence);
                    break;
                case ImageBlock i:
                    text.Append("![").Append(Escape(i.Title)).Append("](").Append(Uri.EscapeDataString(i.FileName)).AppendLine(")").AppendLine();
                    text.Append('*').Append(Escape(i.Caption)).AppendLine("*");
                    break;
                case TableBlock t:
                    text.Append("| ").AppendJoin(" | ", t.Header.Select(Cell)).AppendLine(" |");
                    text.Append('|').AppendJoin("", t.Header.Select(_ => "---|")).AppendLine();
                    for (int r = 0; r < t.Rows.Count; r++)
                    {
                        var cells = t.Rows[r].Select((v, c) => t.Emphasised.Contains((r, c)) ? $"**{Cell(v)}**" : Cell(v));
                        text.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");
                    }
                    break;
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>Escapes the characters that Markdown would read as formatting in plain text.</summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static string Cell(string text) => Escape(text).Replace("\n", " ", StringComparison.Ordinal);

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (char x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
