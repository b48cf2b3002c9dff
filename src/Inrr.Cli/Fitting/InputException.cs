namespace Inrr.Cli.Fitting;

/// <summary>
/// A bad input found while reading it (a file that does not decode, a mask that does not fit the image):
/// the user's mistake, reported as one line naming <see cref="Argument"/> and never with a stack trace.
/// </summary>
internal sealed class InputException(string argument, string message, Exception? inner = null)
    : Exception($"{argument}: {message}", inner)
{
    /// <summary>The argument or option at fault, as typed on the command line (e.g. <c>--mask</c>, <c>IMAGE</c>).</summary>
    public string Argument { get; } = argument;
}
