using System.ComponentModel;
using System.Globalization;
using Inrr.Torch.Fitting;
using Spectre.Console;

namespace Inrr.Cli.Settings;

/// <summary>
/// Help texts made from the values they describe, so they stay true when a preset changes. Spectre reads an option's
/// text from <see cref="DescriptionAttribute.Description"/>, which the attributes below override (an attribute's
/// constructor argument must be a constant; a preset's values are not).
/// </summary>
internal static class HelpTexts
{
    /// <summary>The <c>--preset</c> help: each preset with its representation, regularisers, steps and guide.</summary>
    public static string Presets =>
        "Starting settings: [green]guided[/] (the default: " + Summary(CompletionOptions.Guided) + "), " +
        "[green]fast[/] (" + Summary(CompletionOptions.Fast) + ") or [green]paper[/] (" + Summary(CompletionOptions.Paper) + "). " +
        "The report's options-METHOD.json shows every value.";

    /// <summary>The <c>--steps</c> help: how the guided preset scales its steps on smaller pictures.</summary>
    public static string Steps
    {
        get
        {
            var guided = CompletionOptions.Guided;
            int side = (int)Math.Round(Math.Sqrt(guided.ReferencePixels));
            return string.Create(CultureInfo.InvariantCulture,
                $"Optimisation steps, exactly (otherwise the guided preset gives a picture under {side}x{side} up to {CompletionOptions.MaxStepScale}x its {guided.Steps} steps, in proportion to the pixels it lacks). Default: the preset's (the demo has its own).");
        }
    }

    /// <summary>The <c>--checkpoint-every</c> help, with the engine's default interval.</summary>
    public static string CheckpointEvery => $"Steps between two saves of --checkpoint. Default: {FitCheckpoint.DefaultInterval}.";

    /// <summary>
    /// The steps <paramref name="options"/> run on a picture of any size: exact, or scaled up below the reference size
    /// (<see cref="CompletionOptions.ForSize"/>); none for a classical method.
    /// </summary>
    public static string StepsPhrase(CompletionOptions options)
    {
        if (options.Method != CompletionMethod.Network) return "no steps (classical)";
        int side = (int)Math.Round(Math.Sqrt(options.ReferencePixels));
        return options.ReferencePixels > 0
            ? $"{options.Steps} steps at {side}x{side}, up to {options.Steps * CompletionOptions.MaxStepScale} below"
            : $"{options.Steps} steps";
    }

    /// <summary>One preset in a line: representation, regularisers, steps (scaled or exact), guide.</summary>
    public static string Summary(CompletionOptions options)
    {
        string regularizers = options.Regularizers.Count == 0 ? "no regulariser" : string.Join(" + ", options.Regularizers.Select(r => r.Describe()));
        string steps = StepsPhrase(options);
        string schedule = options.LearningRateSchedule == LearningRateSchedule.Cosine
            ? string.Create(CultureInfo.InvariantCulture, $", cosine decay to {options.FinalLearningRateFraction:0.##}x")
              + (options.FullGridRestart > 0 && options.CoarseFraction > 0
                  ? string.Create(CultureInfo.InvariantCulture, $" (again from {options.FullGridRestart:0.##}x on the full grid)") : "")
            : "";
        if (options.ActiveRefitSteps > 0)
            steps += $", then {options.ActiveRefitSteps} refit steps{(options.ReferencePixels > 0 ? " (scaled alike)" : "")} on every observed pixel";
        string guide = options.ClassicalGuide is { } g ? "; " + g.Describe() : "";
        return Markup.Escape(FormattableString.Invariant($"{options.Representation.Describe()}{schedule}; {regularizers}; {steps}{guide}"));
    }
}

/// <summary>The <c>--preset</c> help, from the presets' values (<see cref="HelpTexts.Presets"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PresetsDescriptionAttribute : DescriptionAttribute
{
    /// <inheritdoc />
    public override string Description => HelpTexts.Presets;
}

/// <summary>The <c>--steps</c> help, from the guided preset's values (<see cref="HelpTexts.Steps"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class StepsDescriptionAttribute : DescriptionAttribute
{
    /// <inheritdoc />
    public override string Description => HelpTexts.Steps;
}

/// <summary>The <c>--checkpoint-every</c> help, from the engine's default (<see cref="HelpTexts.CheckpointEvery"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CheckpointEveryDescriptionAttribute : DescriptionAttribute
{
    /// <inheritdoc />
    public override string Description => HelpTexts.CheckpointEvery;
}
