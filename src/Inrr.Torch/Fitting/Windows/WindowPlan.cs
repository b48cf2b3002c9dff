using Inrr.Torch.Masks;

namespace Inrr.Torch.Fitting;

/// <summary>A window the plan asks for: what its fit sees, the grid cell it fills, and its hole count.</summary>
internal sealed record PlannedWindow(int Index, PixelRect Bounds, PixelRect Core, int MissingPixels);

/// <summary>
/// Where the windows of a picture go (<see cref="WindowOptions"/>): a grid of cores of side <see cref="WindowOptions.CoreSize"/>
/// from the top-left corner; a core with a hole gets a window, the bounding box of the holes it fills (its own and
/// those of the feathering band around it) grown by the margin, clipped to the picture and to the core's full window
/// (so no window is larger than <see cref="WindowOptions.Size"/> on a side). A window that would see no observed pixel
/// (a hole larger than a window) grows by the margin until it sees some. The weights that blend neighbouring windows'
/// fills form a partition of unity over the windows planned, so every hole pixel's fill is a weighted mean of the
/// fills of the windows that reach it, and its own core's window always counts.
/// </summary>
internal sealed class WindowPlan
{
    private readonly int height, width, core, overlap, rows, columns;
    private readonly int shiftY, shiftX; // the grid's lines lie at k x core - shift: cell row of pixel row y is (y + shiftY) / core
    private readonly int[] windowOfCell; // cell (row-major) -> index into Windows, or -1

    private WindowPlan(int height, int width, WindowOptions options, (int Y, int X) shift, IReadOnlyList<PlannedWindow> windows, int[] windowOfCell)
    {
        (this.height, this.width, core, overlap) = (height, width, options.CoreSize, options.Overlap);
        (shiftY, shiftX) = shift;
        rows = (height + shiftY + core - 1) / core;
        columns = (width + shiftX + core - 1) / core;
        Windows = windows;
        this.windowOfCell = windowOfCell;
    }

    /// <summary>The grid's shift (rows, columns) that puts the holes into the fewest cells.</summary>
    public (int Y, int X) Shift => (shiftY, shiftX);

    /// <summary>The windows, cells row by row.</summary>
    public IReadOnlyList<PlannedWindow> Windows { get; }

    /// <summary>Plans the windows of a picture with holes <paramref name="mask"/> (one pass over the mask; memory per cell).</summary>
    public static WindowPlan For(Mask mask, WindowOptions options)
    {
        int height = mask.Height, width = mask.Width, core = options.CoreSize, margin = options.Margin;
        int band = options.Overlap / 2 + 1; // holes this far outside a core are blended with its window's fill
        var (shiftY, shiftX) = BestShift(mask, core);
        int rows = (height + shiftY + core - 1) / core, columns = (width + shiftX + core - 1) / core;
        var missing = new int[rows * columns];
        // Per cell, the bounding box of the holes its window fills: its core's and its band's.
        var top = new int[rows * columns];
        var left = new int[rows * columns];
        var bottom = new int[rows * columns];
        var right = new int[rows * columns];
        Array.Fill(top, int.MaxValue);
        Array.Fill(left, int.MaxValue);
        Array.Fill(bottom, -1);
        Array.Fill(right, -1);
        var values = mask.Values;
        for (int y = 0; y < height; y++)
        {
            int row = (y + shiftY) / core;
            int rowFrom = Math.Max(0, (y + shiftY - band) / core), rowTo = Math.Min(rows - 1, (y + shiftY + band) / core);
            int offset = y * width;
            for (int x = 0; x < width; x++)
            {
                if (values[offset + x] == 1f) continue;
                missing[row * columns + (x + shiftX) / core]++;
                int columnFrom = Math.Max(0, (x + shiftX - band) / core), columnTo = Math.Min(columns - 1, (x + shiftX + band) / core);
                for (int r = rowFrom; r <= rowTo; r++)
                    for (int c = columnFrom; c <= columnTo; c++)
                    {
                        int cell = r * columns + c;
                        if (y < top[cell]) top[cell] = y;
                        if (y > bottom[cell]) bottom[cell] = y;
                        if (x < left[cell]) left[cell] = x;
                        if (x > right[cell]) right[cell] = x;
                    }
            }
        }
        var windows = new List<PlannedWindow>();
        var windowOfCell = new int[rows * columns];
        Array.Fill(windowOfCell, -1);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                int cell = r * columns + c;
                if (missing[cell] == 0) continue;
                int cy0 = Math.Max(0, r * core - shiftY), cy1 = Math.Min(height, (r + 1) * core - shiftY);
                int cx0 = Math.Max(0, c * core - shiftX), cx1 = Math.Min(width, (c + 1) * core - shiftX);
                var coreRect = new PixelRect(cx0, cy0, cx1 - cx0, cy1 - cy0);
                // The holes to fill with context, within the core's full window.
                int y0 = Math.Max(Math.Max(0, coreRect.Y - margin), top[cell] - margin);
                int y1 = Math.Min(Math.Min(height, coreRect.Y + coreRect.Height + margin), bottom[cell] + 1 + margin);
                int x0 = Math.Max(Math.Max(0, coreRect.X - margin), left[cell] - margin);
                int x1 = Math.Min(Math.Min(width, coreRect.X + coreRect.Width + margin), right[cell] + 1 + margin);
                var bounds = GrowUntilObserved(mask, new PixelRect(x0, y0, x1 - x0, y1 - y0), Math.Max(1, margin));
                windowOfCell[cell] = windows.Count;
                windows.Add(new PlannedWindow(windows.Count, bounds, coreRect, CountMissing(mask, bounds)));
            }
        return new WindowPlan(height, width, options, (shiftY, shiftX), windows, windowOfCell);
    }

    /// <summary>
    /// The weight of <paramref name="window"/>'s fill at pixel (<paramref name="y"/>, <paramref name="x"/>), normalised over
    /// the planned windows that reach it (0 where the window does not reach).
    /// </summary>
    public double Weight(PlannedWindow window, int y, int x)
    {
        double own = RawWeight(window.Core, y, x);
        if (own == 0) return 0;
        int row = Math.Min(rows - 1, (y + shiftY) / core), column = Math.Min(columns - 1, (x + shiftX) / core);
        double sum = 0;
        for (int r = Math.Max(0, row - 1); r <= Math.Min(rows - 1, row + 1); r++)
            for (int c = Math.Max(0, column - 1); c <= Math.Min(columns - 1, column + 1); c++)
                if (windowOfCell[r * columns + c] is var w and >= 0)
                    sum += RawWeight(Windows[w].Core, y, x);
        return own / sum;
    }

    /// <summary>
    /// The shift of the grid that leaves the holes in the fewest cells: a caption across a photo then lies in one row of
    /// windows, not two. Tried in steps of 8 pixels over one core, on a map of which 8 x 8 blocks hold a hole; a picture
    /// whose blocks are mostly holed is tiled anyway and keeps the unshifted grid.
    /// </summary>
    private static (int Y, int X) BestShift(Mask mask, int core)
    {
        const int block = 8;
        int blockRows = (mask.Height + block - 1) / block, blockColumns = (mask.Width + block - 1) / block;
        var holed = new List<(int Y, int X)>();
        var seen = new bool[blockRows * blockColumns];
        var values = mask.Values;
        for (int y = 0; y < mask.Height; y++)
            for (int x = 0; x < mask.Width; x++)
                if (values[y * mask.Width + x] != 1f && !seen[(y / block) * blockColumns + x / block])
                {
                    seen[(y / block) * blockColumns + x / block] = true;
                    holed.Add((y / block * block, x / block * block));
                }
        if (holed.Count * 2 > blockRows * blockColumns || core < 2 * block) return (0, 0);
        int rows = (mask.Height + 2 * core - 1) / core + 1, columns = (mask.Width + 2 * core - 1) / core + 1;
        var cells = new int[rows * columns];
        int stamp = 0, best = int.MaxValue;
        (int, int) bestShift = (0, 0);
        for (int sy = 0; sy < core; sy += block)
            for (int sx = 0; sx < core; sx += block)
            {
                stamp++;
                int count = 0;
                foreach (var (y, x) in holed)
                {
                    // A block straddling a grid line counts in both cells.
                    for (int r = (y + sy) / core; r <= (Math.Min(y + block, mask.Height) - 1 + sy) / core; r++)
                        for (int c = (x + sx) / core; c <= (Math.Min(x + block, mask.Width) - 1 + sx) / core; c++)
                            if (cells[r * columns + c] != stamp)
                            {
                                cells[r * columns + c] = stamp;
                                count++;
                            }
                    if (count >= best) break;
                }
                if (count < best) (best, bestShift) = (count, (sy, sx));
            }
        return bestShift;
    }

    /// <summary>A tent over the core: 1 inside, falling linearly to 0 across a band of <c>overlap</c> pixels centred on each core edge inside the picture.</summary>
    private double RawWeight(PixelRect c, int y, int x) =>
        Math.Min(Ramp(x, c.X, c.X + c.Width, width), 1) * Math.Min(Ramp(y, c.Y, c.Y + c.Height, height), 1);

    private double Ramp(int position, int from, int to, int length)
    {
        double centre = position + 0.5;
        double low = from == 0 ? 1 : overlap == 0 ? (position >= from ? 1 : 0) : Math.Clamp((centre - (from - overlap / 2.0)) / overlap, 0, 1);
        double high = to >= length ? 1 : overlap == 0 ? (position < to ? 1 : 0) : Math.Clamp(((to + overlap / 2.0) - centre) / overlap, 0, 1);
        return Math.Min(low, high);
    }

    /// <summary>A window with no observed pixel (inside a hole larger than itself) grows until it has some, or is the whole picture.</summary>
    private static PixelRect GrowUntilObserved(Mask mask, PixelRect bounds, int step)
    {
        while (CountMissing(mask, bounds) == bounds.Width * bounds.Height
               && (bounds.Width < mask.Width || bounds.Height < mask.Height))
        {
            int x0 = Math.Max(0, bounds.X - step), y0 = Math.Max(0, bounds.Y - step);
            int x1 = Math.Min(mask.Width, bounds.X + bounds.Width + step), y1 = Math.Min(mask.Height, bounds.Y + bounds.Height + step);
            bounds = new PixelRect(x0, y0, x1 - x0, y1 - y0);
        }
        return bounds;
    }

    private static int CountMissing(Mask mask, PixelRect r)
    {
        int missing = 0;
        for (int y = r.Y; y < r.Y + r.Height; y++)
        {
            int offset = y * mask.Width;
            for (int x = r.X; x < r.X + r.Width; x++)
                if (mask.Values[offset + x] != 1f) missing++;
        }
        return missing;
    }
}
