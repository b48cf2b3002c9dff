namespace Inrr.Torch.Masks;

/// <summary>
/// A built-in 5 x 7 bitmap font for text masks, so that they need no system font (a fresh server has
/// none that Skia finds) and are identical on every machine.
/// </summary>
/// <remarks>
/// Covers A-Z (lower case is drawn as upper case), 0-9, space and . , ; : ! ? - ' " ( ) /. Any other
/// character is drawn as a filled 5 x 7 box, so that it still removes pixels where it stands.
/// </remarks>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    /// <summary>Horizontal advance per character, in font pixels (glyph plus one blank column).</summary>
    public const int Advance = GlyphWidth + 1;

    /// <summary>Vertical advance per line, in font pixels (glyph plus two blank rows).</summary>
    public const int LineAdvance = GlyphHeight + 2;

    // Each glyph: 7 rows of 5 columns, top to bottom, separated by '|'; '#' is ink.
    private static readonly Dictionary<char, string> Glyphs = Validated(new()
    {
        ['A'] = ".###.|#...#|#...#|#####|#...#|#...#|#...#",
        ['B'] = "####.|#...#|#...#|####.|#...#|#...#|####.",
        ['C'] = ".###.|#...#|#....|#....|#....|#...#|.###.",
        ['D'] = "###..|#..#.|#...#|#...#|#...#|#..#.|###..",
        ['E'] = "#####|#....|#....|####.|#....|#....|#####",
        ['F'] = "#####|#....|#....|####.|#....|#....|#....",
        ['G'] = ".###.|#...#|#....|#.###|#...#|#...#|.####",
        ['H'] = "#...#|#...#|#...#|#####|#...#|#...#|#...#",
        ['I'] = ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
        ['J'] = "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
        ['K'] = "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
        ['L'] = "#....|#....|#....|#....|#....|#....|#####",
        ['M'] = "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
        ['N'] = "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
        ['O'] = ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
        ['P'] = "####.|#...#|#...#|####.|#....|#....|#....",
        ['Q'] = ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
        ['R'] = "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
        ['S'] = ".####|#....|#....|.###.|....#|....#|####.",
        ['T'] = "#####|..#..|..#..|..#..|..#..|..#..|..#..",
        ['U'] = "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
        ['V'] = "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
        ['W'] = "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
        ['X'] = "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
        ['Y'] = "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
        ['Z'] = "#####|....#|...#.|..#..|.#...|#....|#####",
        ['0'] = ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
        ['1'] = "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
        ['2'] = ".###.|#...#|....#|...#.|..#..|.#...|#####",
        ['3'] = "#####|...#.|..#..|...#.|....#|#...#|.###.",
        ['4'] = "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
        ['5'] = "#####|#....|####.|....#|....#|#...#|.###.",
        ['6'] = "..##.|.#...|#....|####.|#...#|#...#|.###.",
        ['7'] = "#####|....#|...#.|..#..|.#...|.#...|.#...",
        ['8'] = ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
        ['9'] = ".###.|#...#|#...#|.####|....#|...#.|.##..",
        [' '] = ".....|.....|.....|.....|.....|.....|.....",
        ['.'] = ".....|.....|.....|.....|.....|.##..|.##..",
        [','] = ".....|.....|.....|.....|.##..|..#..|.#...",
        [';'] = ".....|.##..|.##..|.....|.##..|..#..|.#...",
        [':'] = ".....|.##..|.##..|.....|.##..|.##..|.....",
        ['!'] = "..#..|..#..|..#..|..#..|..#..|.....|..#..",
        ['?'] = ".###.|#...#|....#|...#.|..#..|.....|..#..",
        ['-'] = ".....|.....|.....|#####|.....|.....|.....",
        ['\''] = "..#..|..#..|.#...|.....|.....|.....|.....",
        ['"'] = ".#.#.|.#.#.|.#.#.|.....|.....|.....|.....",
        ['('] = "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
        [')'] = ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
        ['/'] = ".....|....#|...#.|..#..|.#...|#....|.....",
    });

    private const string UnknownGlyph = "#####|#####|#####|#####|#####|#####|#####";

    /// <summary>The characters with a glyph of their own (upper case).</summary>
    public static IReadOnlyCollection<char> Supported => Glyphs.Keys;

    /// <summary>Fails the type initialiser on a malformed glyph, so a typo in the table cannot draw garbage silently.</summary>
    private static Dictionary<char, string> Validated(Dictionary<char, string> glyphs)
    {
        foreach (var (character, glyph) in glyphs.Append(new KeyValuePair<char, string>('\0', UnknownGlyph)))
        {
            var rows = glyph.Split('|');
            if (rows.Length != GlyphHeight || rows.Any(r => r.Length != GlyphWidth || r.Any(p => p is not ('#' or '.'))))
                throw new InvalidOperationException($"Glyph '{character}' is not {GlyphHeight} rows of {GlyphWidth} '#'/'.' cells.");
        }
        return glyphs;
    }

    /// <summary>True when font pixel (<paramref name="row"/>, <paramref name="column"/>) of <paramref name="character"/> is ink.</summary>
    public static bool IsInk(char character, int row, int column)
    {
        var glyph = Glyphs.GetValueOrDefault(char.ToUpperInvariant(character), UnknownGlyph);
        return glyph[row * (GlyphWidth + 1) + column] == '#';
    }
}
