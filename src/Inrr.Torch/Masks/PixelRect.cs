namespace Inrr.Torch.Masks;

/// <summary>A hole rectangle in pixels: columns X .. X + Width - 1, rows Y .. Y + Height - 1.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Columns, at least 1.</param>
/// <param name="Height">Rows, at least 1.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);
