namespace Inrr.Torch.Imaging;

/// <summary>
/// Bilinear resampling as OpenCV's <c>cv2.resize(INTER_LINEAR)</c> does it, which is what the reference
/// code uses (<c>cv2.imread</c>, <c>cv2.resize</c>, <c>cv2.cvtColor(BGR2GRAY)</c>): pixel centres aligned
/// (source x = (x + 0.5) * scale - 0.5), two taps per axis, edges replicated, no antialiasing when
/// downsampling. The horizontal pass runs first, then the vertical pass.
/// </summary>
/// <remarks>
/// Two flavours share the taps: a float one (no rounding) and an 8-bit one that reproduces OpenCV bit for
/// bit: 11-bit fixed-point weights, an exact integer horizontal pass, and the vertical pass of OpenCV's
/// SIMD kernel (<c>VResizeLinearVec_32s8u</c>), which drops 4 bits before a 16-bit high multiply. The
/// protocol's inputs (shared/data/protocol) are rebuilt exactly only with that SIMD rounding.
/// </remarks>
internal static class BilinearResampler
{
    private const int WeightBits = 11; // OpenCV's INTER_RESIZE_COEF_BITS
    private const int WeightOne = 1 << WeightBits;

    /// <summary>Resizes a row-major float plane (no rounding; values stay within the input range).</summary>
    public static float[] ResizePlane(float[] source, int height, int width, int newHeight, int newWidth)
    {
        var columns = Taps.Compute(width, newWidth, clampFraction: true);
        var rows = Taps.Compute(height, newHeight, clampFraction: false);
        var horizontal = new double[height * newWidth];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < newWidth; x++)
                horizontal[y * newWidth + x] = Blend(source[y * width + columns.Lower[x]], source[y * width + columns.Upper[x]], columns.Fraction[x]);
        var result = new float[newHeight * newWidth];
        for (int y = 0; y < newHeight; y++)
            for (int x = 0; x < newWidth; x++)
                result[y * newWidth + x] = (float)Blend(horizontal[rows.Lower[y] * newWidth + x], horizontal[rows.Upper[y] * newWidth + x], rows.Fraction[y]);
        return result;
    }

    /// <summary>Resizes a row-major 8-bit plane exactly as OpenCV does (see the class remarks).</summary>
    public static byte[] ResizePlane(byte[] source, int height, int width, int newHeight, int newWidth)
    {
        var columns = Taps.Compute(width, newWidth, clampFraction: true);
        var rows = Taps.Compute(height, newHeight, clampFraction: false);
        var (a0, a1) = columns.FixedPointWeights();
        var (b0, b1) = rows.FixedPointWeights();
        // Horizontal pass: exact integers scaled by 2^11.
        var horizontal = new int[height * newWidth];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < newWidth; x++)
                horizontal[y * newWidth + x] = source[y * width + columns.Lower[x]] * a0[x] + source[y * width + columns.Upper[x]] * a1[x];
        var result = new byte[newHeight * newWidth];
        for (int y = 0; y < newHeight; y++)
            for (int x = 0; x < newWidth; x++)
            {
                int top = horizontal[rows.Lower[y] * newWidth + x], bottom = horizontal[rows.Upper[y] * newWidth + x];
                // OpenCV's SIMD rounding: (((S0 >> 4) * b0) >> 16) + (((S1 >> 4) * b1) >> 16), then a rounding shift by 2.
                int value = ((((top >> 4) * b0[y]) >> 16) + (((bottom >> 4) * b1[y]) >> 16) + 2) >> 2;
                result[y * newWidth + x] = (byte)Math.Clamp(value, 0, 255);
            }
        return result;
    }

    private static double Blend(double lower, double upper, float fraction) =>
        lower * (1 - (double)fraction) + upper * fraction;

    /// <summary>
    /// For each output position: the two source indices (already clamped into the image) and the weight
    /// of the upper one.
    /// </summary>
    private sealed class Taps(int[] lower, int[] upper, float[] fraction)
    {
        public int[] Lower { get; } = lower;

        public int[] Upper { get; } = upper;

        public float[] Fraction { get; } = fraction;

        /// <summary>
        /// OpenCV's coordinate mapping, in its precisions: the scale in double, the source position in float.
        /// Columns (<paramref name="clampFraction"/>) replicate the edge by zeroing the fraction outside the
        /// image; rows keep the fraction and only clamp the row indices, as OpenCV does.
        /// </summary>
        public static Taps Compute(int inputSize, int outputSize, bool clampFraction)
        {
            double scale = 1.0 / ((double)outputSize / inputSize);
            var lower = new int[outputSize];
            var upper = new int[outputSize];
            var fraction = new float[outputSize];
            for (int o = 0; o < outputSize; o++)
            {
                float position = (float)((o + 0.5) * scale - 0.5);
                int index = (int)MathF.Floor(position);
                float f = position - index;
                if (clampFraction && index < 0) (index, f) = (0, 0f);
                if (clampFraction && index >= inputSize - 1) (index, f) = (inputSize - 1, 0f);
                lower[o] = Math.Clamp(index, 0, inputSize - 1);
                upper[o] = Math.Clamp(index + 1, 0, inputSize - 1);
                fraction[o] = f;
            }
            return new Taps(lower, upper, fraction);
        }

        /// <summary>The two weights in 11-bit fixed point, each rounded half to even as OpenCV's saturate_cast does.</summary>
        public (int[] Lower, int[] Upper) FixedPointWeights() =>
            (Array.ConvertAll(Fraction, f => (int)MathF.Round((1f - f) * WeightOne)),
             Array.ConvertAll(Fraction, f => (int)MathF.Round(f * WeightOne)));
    }
}
