namespace Inrr.Torch;

/// <summary>Range checks for option records; each names the option it rejects.</summary>
internal static class OptionChecks
{
    public static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number.");
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or a positive finite number.");
    }
}
