using System.Text.Json;
using Inrr.Cli.Settings;
using Inrr.Cli.Specs;
using Inrr.Torch.Fitting;
using Inrr.Torch.Runtime;

namespace Inrr.Cli.Fitting;

/// <summary>Turns the command-line settings into the engine's <see cref="CompletionOptions"/>, one per method.</summary>
internal static class FitOptionsFactory
{
    /// <summary>Curve points per fit when <c>--log-every</c> is not given: smooth curves, negligible cost.</summary>
    public const int DefaultCurvePoints = 100;

    /// <summary>Torch threads when <c>--threads</c> is not given: the engine's <see cref="TorchRuntime.DefaultThreads"/>.</summary>
    public static int DefaultThreads => TorchRuntime.DefaultThreads;

    /// <summary>
    /// The options for one method: the preset (or <c>--options</c> file), then the representation, learning
    /// rate, steps, seed and threads given on the command line, then the method's regularisers.
    /// </summary>
    /// <param name="settings">The command's settings.</param>
    /// <param name="method">The regularisers; null keeps the preset's (or the options file's).</param>
    /// <param name="defaultSteps">Steps when <c>--steps</c> is absent; null keeps the preset's.</param>
    /// <exception cref="InputException">The options file cannot be read, or the result is out of range.</exception>
    public static CompletionOptions Build(FitSettings settings, MethodSpec? method, int? defaultSteps = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.OptionsFile is null ? CompletionOptions.FromPreset(settings.Preset) : ReadOptionsFile(settings.OptionsFile);
        if (settings.RepresentationSpec is { } representation)
            options = options with { Representation = representation.ApplyTo(options.Representation) };
        if (settings.LearningRate is double lr)
            options = options with { Representation = options.Representation with { LearningRate = lr } };
        int steps = settings.Steps ?? defaultSteps ?? options.Steps;
        options = options with
        {
            Steps = steps,
            // Steps given on the command line (or by the demo) are exact: no more steps for small pictures.
            ReferencePixels = settings.Steps is null && defaultSteps is null ? options.ReferencePixels : 0,
            Seed = settings.Seed,
            Threads = settings.Threads ?? DefaultThreads,
            Device = settings.Device ?? options.Device,
            MemoryLimitBytes = settings.MaxMemoryBytes,
            LogInterval = settings.LogEvery ?? Math.Max(1, steps / DefaultCurvePoints),
            CaptureAdjacency = true,
            Windows = settings.WindowsOver(options.Windows),
        };
        if (method is not null) options = method.ApplyTo(options);
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InputException(settings.OptionsFile is null ? "options" : "--options", e.Message, e);
        }
        // A GPU that is not there is refused now, naming the option, not by every fit of a batch.
        if (options.Method == CompletionMethod.Network)
        {
            try
            {
                TorchRuntime.ResolveDevice(options.Device, "--device");
            }
            catch (DeviceUnavailableException e)
            {
                throw new InputException(settings.Device is null ? "--options" : "--device", $"'{e.Device}': {e.Reason}", e);
            }
        }
        return options;
    }


    private static CompletionOptions ReadOptionsFile(string path)
    {
        try
        {
            // The engine's one format; a misspelt key is refused, naming it.
            return CompletionOptions.FromJson(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputException("--options", $"'{path}' is not a CompletionOptions JSON file: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("--options", e.Message, e);
        }
    }
}
