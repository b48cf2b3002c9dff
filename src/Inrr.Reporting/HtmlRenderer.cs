using System.Net;
using System.Text;
using static Inrr.Reporting.ReportDocument;

namespace Inrr.Reporting;

/// <summary>Renders a <see cref="ReportDocument"/> as one self-standing HTML page (pictures linked, not embedded).</summary>
internal static class HtmlRenderer
{
    private const string StyleSheet = """
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
        pre { background: #f4f4f4; padding: .8em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3em .7em; text-align: right; }
        th:first-child, td:first-child { text-align: left; } th { background: #f0f0f0; }
        figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #ddd; } figcaption { color: #555; font-size: .92em; }
        """;

    /// <summary>The HTML page.</summary>
    public static string Render(ReportDocument document)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(Encode(document.Title)).AppendLine("</title>");
        html.Append("<style>").Append(StyleSheet).AppendLine("</style></head><body>");
        html.Append("<h1>").Append(Encode(document.Title)).AppendLine("</h1>");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    html.Append("<h2>").Append(Encode(h.Text)).AppendLine("</h2>");
                    break;
                case ParagraphBlock p:
                    html.Append("<p>").Append(Encode(p.Text)).AppendLine("</p>");
                    break;
                case ListBlock l:
                    html.Append("<ul>").AppendJoin("", l.Items.Select(i => $"<li>{Encode(i)}</li>")).AppendLine("</ul>");
                    break;
                case CodeBlock c:
                    html.Append("<pre><code>").Append(Encode(c.Text)).AppendLine("</code></pre>");
                    break;
                case ImageBlock i:
                    html.Append("<figure><a href=\"").Append(Encode(Uri.EscapeDataString(i.FileName))).Append("\"><img src=\"")
                        .Append(Encode(Uri.EscapeDataString(i.FileName))).Append("\" alt=\"").Append(Encode(i.Title)).Append("\"></a><figcaption>")
                        .Append(Encode(i.Caption)).AppendLine("</figcaption></figure>");
                    break;
                case TableBlock t:
                    html.Append("<table><thead><tr>").AppendJoin("", t.Header.Select(h => $"<th>{Encode(h)}</th>")).AppendLine("</tr></thead><tbody>");
                    for (int r = 0; r < t.Rows.Count; r++)
                    {
                        html.Append("<tr>");
                        for (int c = 0; c < t.Rows[r].Count; c++)
                        {
                            string cell = Encode(t.Rows[r][c]);
                            html.Append("<td>").Append(t.Emphasised.Contains((r, c)) ? $"<strong>{cell}</strong>" : cell).Append("</td>");
                        }
                        html.AppendLine("</tr>");
                    }
                    html.AppendLine("</tbody></table>");
                    break;
            }
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
