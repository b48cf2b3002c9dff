namespace Inrr.Reporting;

/// <summary>
/// A report as a list of blocks, rendered twice: to Markdown (readable in a terminal, rendered by code hosts)
/// and to HTML (opened in a browser). One model keeps the two from drifting apart.
/// </summary>
internal sealed class ReportDocument(string title)
{
    private readonly List<Block> _blocks = [];

    /// <summary>The report's title (the top heading and the HTML page title).</summary>
    public string Title { get; } = title;

    /// <summary>The blocks in order.</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    /// <summary>Adds a section heading.</summary>
    public ReportDocument Heading(string text) => Add(new HeadingBlock(text));

    /// <summary>Adds a paragraph of plain text.</summary>
    public ReportDocument Paragraph(string text) => Add(new ParagraphBlock(text));

    /// <summary>Adds a bulleted list of plain-text items.</summary>
    public ReportDocument List(IEnumerable<string> items) => Add(new ListBlock([.. items]));

    /// <summary>Adds preformatted text (a command line).</summary>
    public ReportDocument Code(string text) => Add(new CodeBlock(text));

    /// <summary>Adds a picture by its file name relative to the report, with a short title and a caption saying how to read it.</summary>
    public ReportDocument Image(string fileName, string title, string caption) => Add(new ImageBlock(fileName, title, caption));

    /// <summary>Adds a table; <paramref name="emphasised"/> marks cells (row, column) to show in bold, e.g. the best value.</summary>
    public ReportDocument Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlySet<(int Row, int Column)>? emphasised = null) =>
        Add(new TableBlock(header, rows, emphasised ?? new HashSet<(int, int)>()));

    private ReportDocument Add(Block block)
    {
        _blocks.Add(block);
        return this;
    }

    /// <summary>A piece of the report.</summary>
    internal abstract record Block;

    internal sealed record HeadingBlock(string Text) : Block;

    internal sealed record ParagraphBlock(string Text) : Block;

    internal sealed record ListBlock(IReadOnlyList<string> Items) : Block;

    internal sealed record CodeBlock(string Text) : Block;

    internal sealed record ImageBlock(string FileName, string Title, string Caption) : Block;

    internal sealed record TableBlock(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<(int Row, int Column)> Emphasised) : Block;
}
