using Inrr.Cli.Reporting;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Inrr.Cli.Tests;

[TestClass]
public sealed class ReportPartsTests
{
    [TestMethod]
    public void AdjacencyHeatMap_PutsRowZeroAtTheTop_AsInAMatrix()
    {
        // Only the cells of rows 0-9 and columns 30-39 are bright: they must appear at the top right of each panel.
        int k = 40;
        var matrix = new float[k, k];
        for (int i = 0; i < 10; i++)
            for (int j = 30; j < k; j++)
                matrix[i, j] = 1f;
        using var folder = new TestFolder();
        string path = folder.File("adjacency.png");
        AdjacencyPlots.Save("test", new AdjacencySnapshot("inrr", matrix, matrix), path);

        using var bitmap = SKBitmap.Decode(path);
        // Find the data area of the left panel: the bright block is its only yellow.
        var bright = new List<(int X, int Y)>();
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width / 2 - 60; x++) // left panel, colour bar excluded
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 240 && c.Green > 240 && c.Blue < 200) bright.Add((x, y));
            }
        Assert.IsTrue(bright.Count > 100, "the bright block is drawn");
        double meanY = bright.Average(p => p.Y), meanX = bright.Average(p => p.X);
        Assert.IsTrue(meanY < bitmap.Height * 0.4, $"bright block at y = {meanY:F0} of {bitmap.Height}: rows 0-9 belong at the top");
        Assert.IsTrue(meanX > bitmap.Width / 2 * 0.5, $"bright block at x = {meanX:F0}: columns 30-39 belong at the right");
    }

    [TestMethod]
    public void MetricsTable_MarksTheBestOfEachQualityColumn_NotTheCosts()
    {
        var table = MetricsTable.For([Outcome("a", psnrHoles: 20, nmae: 0.10), Outcome("b", psnrHoles: 22, nmae: 0.12)]);
        int psnr = table.Header.ToList().IndexOf("hole PSNR (dB)"), nmae = table.Header.ToList().IndexOf("hole NMAE");
        Assert.IsTrue(table.Best.Contains((1, psnr)));
        Assert.IsTrue(table.Best.Contains((0, nmae)));
        Assert.IsFalse(table.Best.Any(b => table.Header[b.Column] is "steps" or "ms/step" or "time (s)"));
        Assert.AreEqual("22.00", table.Rows[1][psnr]);
    }

    [TestMethod]
    public void ErrorMap_IsBlackWhereExact_AndBrightestAtTheScaleEnd()
    {
        var truth = new ImageData(1, 1, 3, [0.5f, 0.5f, 0.5f]);
        var completed = new ImageData(1, 1, 3, [0.5f, 0.5f + (float)ReportImages.ErrorScaleMax / 2, 1f]);
        var map = ReportImages.ErrorMap(completed, truth);
        float Brightness(int x) => map.Pixels[x] + map.Pixels[3 + x] + map.Pixels[6 + x];
        Assert.IsTrue(Brightness(0) < 0.1f);
        Assert.IsTrue(Brightness(0) < Brightness(1) && Brightness(1) < Brightness(2));
        var masked = ReportImages.MaskedView(truth, new Mask(1, 3, [1f, 0f, 1f]));
        Assert.AreEqual((1f, 0f, 1f), (masked.Pixels[1], masked.Pixels[4], masked.Pixels[7]), "holes are magenta");
        Assert.AreEqual(0.5f, masked.Pixels[0]);
    }

    [TestMethod]
    public void PanelScale_EnlargesSmallImagesByWholeFactors_AndShrinksLargeOnes()
    {
        Assert.AreEqual(3f, PanelGrid.PanelScale(96, 96));
        Assert.AreEqual(1f, PanelGrid.PanelScale(256, 300));
        Assert.AreEqual(0.5f, PanelGrid.PanelScale(960, 500));
    }

    [TestMethod]
    public void Markdown_EscapesUserText()
    {
        var document = new ReportDocument("a|b").Paragraph("*not bold* [x]").Code("inrr demo --text '`x`'");
        string markdown = MarkdownRenderer.Render(document);
        StringAssert.Contains(markdown, @"\*not bold\* \[x\]");
        StringAssert.Contains(markdown, "```bash\ninrr demo --text '`x`'".Replace("\n", Environment.NewLine, StringComparison.Ordinal));
        StringAssert.Contains(HtmlRenderer.Render(new ReportDocument("<b>x</b>")), "<h1>&lt;b&gt;x&lt;/b&gt;</h1>");
    }

    private static ReportMethod Outcome(string label, double psnrHoles, double nmae)
    {
        var image = SyntheticImage.Facade(16, 16);
        var mask = MaskFactory.Random(16, 16, 0.5, 1);
        // A one-step fit gives a real CompletionResult (its constructor is the engine's); the metrics are set by hand.
        var result = new CompletionFitter(new CompletionOptions
        {
            Steps = 1,
            Representation = new Torch.Representations.SirenOptions { HiddenWidth = 8, HiddenLayers = 1 },
            Regularizers = [],
            Threads = 1,
        }).Fit(mask.Apply(image), mask);
        return new ReportMethod(label, result, new Torch.Metrics.MetricSet(25, psnrHoles, nmae, 0.05, 0.1, 0.9));
    }
}
