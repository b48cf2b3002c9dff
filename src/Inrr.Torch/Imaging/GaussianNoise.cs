namespace Inrr.Torch.Imaging;

/// <summary>
/// Additive white Gaussian noise, the paper's denoising input: clean + N(0, sigma^2) per pixel and channel, seeded,
/// clipped to [0, 1] as a stored picture would be.
/// </summary>
public static class GaussianNoise
{
    /// <summary>Returns <paramref name="clean"/> with noise of standard deviation <paramref name="sigma"/> (in pixel units, 0..1) added.</summary>
    /// <param name="clean">The clean picture, values in [0, 1].</param>
    /// <param name="sigma">Noise standard deviation, e.g. 0.1 (25 of 255). Must be positive.</param>
    /// <param name="seed">Seed: the same seed gives the same noise.</param>
    public static ImageData Add(ImageData clean, double sigma, int seed)
    {
        ArgumentNullException.ThrowIfNull(clean);
        if (!(sigma > 0) || !double.IsFinite(sigma))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The noise's standard deviation must be a positive number (0.1 = 25.5 of 255).");
        clean.EnsureInUnitRange(nameof(clean));
        var random = new Random(seed);
        var pixels = new float[clean.Pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            // Box-Muller: one standard normal from two uniforms in (0, 1].
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            pixels[i] = (float)Math.Clamp(clean.Pixels[i] + sigma * normal, 0.0, 1.0);
        }
        return new ImageData(clean.Channels, clean.Height, clean.Width, pixels);
    }
}
