using System.Globalization;
using Inrr.Torch.Fitting;
using Inrr.Torch.Metrics;
using Spectre.Console;

namespace Inrr.Cli.Fitting;

/// <summary>
/// Runs fits one after another and shows them: on a terminal, one Spectre progress bar per method with
/// the step, the remaining time, the current loss and (when the truth is known) the hole PSNR; when the
/// output is redirected (CI logs, <c>| tee</c>), plain lines at every tenth of the run instead, because a
/// live display cannot be redrawn there.
/// </summary>
internal sealed class ProgressFitRunner(IAnsiConsole console)
{
    /// <summary>Plain-text lines per fit when the console is not interactive.</summary>
    private const int PlainLinesPerFit = 10;

    /// <summary>Fits <paramref name="input"/> with each method, in order, with the same input and seed.</summary>
    /// <param name="input">The image, mask and truth.</param>
    /// <param name="methods">The methods to run.</param>
    /// <param name="transient">
    /// Progress only while it runs: the bars are removed when done, and a redirected output gets no step lines
    /// (a batch prints one summary line per image instead).
    /// </param>
    /// <param name="cancellationToken">Cancels the current fit (a <see cref="FitCancelledException"/> is thrown).</param>
    /// <param name="denoise">Denoise (every pixel of <paramref name="input"/> observed and noisy) instead of completing.</param>
    public IReadOnlyList<ReportMethod> Run(ReportInput input, IReadOnlyList<MethodRun> methods,
        bool transient = false, CancellationToken cancellationToken = default, bool denoise = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(methods);
        var outcomes = RunAll(input, methods, transient, denoise, cancellationToken);
        foreach (var diverged in outcomes.Where(o => o.Result.Diverged))
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(diverged.Label)}: the fit did not converge (its loss ended above where it started); " +
                "its output is no better than an untrained network's. Lower --lr.");
        return outcomes;
    }

    private IReadOnlyList<ReportMethod> RunAll(ReportInput input, IReadOnlyList<MethodRun> methods, bool transient, bool denoise, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
            return methods.Select(m => Fit(input, m, transient ? null : new PlainProgress(console, m.Label, StepsOf(m, input)), denoise, cancellationToken)).ToList();

        var outcomes = new List<ReportMethod>();
        console.Progress()
            .AutoClear(transient)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                // All bars up front, so the whole plan is visible from the start.
                var tasks = methods.Select(m => context.AddTask(Describe(m.Label, null), autoStart: false, maxValue: Math.Max(1, StepsOf(m, input)))).ToList();
                for (int i = 0; i < methods.Count; i++)
                {
                    var task = tasks[i];
                    task.StartTask();
                    var outcome = Fit(input, methods[i], new BarProgress(task, methods[i].Label), denoise, cancellationToken);
                    task.Value = task.MaxValue;
                    task.StopTask();
                    outcomes.Add(outcome);
                }
            });
        return outcomes;
    }

    private static ReportMethod Fit(ReportInput input, MethodRun method, IProgress<FitProgress>? progress, bool denoise, CancellationToken cancellationToken)
    {
        var fitter = new CompletionFitter(method.Options);
        if (denoise)
        {
            var denoised = fitter.Denoise(input.Observed, input.Truth, progress, cancellationToken, method.Checkpoint);
            return new ReportMethod(method.Label, denoised, input.Truth is null ? null : ImageMetrics.EvaluateWhole(denoised.Completed, input.Truth));
        }
        var result = fitter.Fit(input.Observed, input.Mask, input.Truth, progress, cancellationToken, method.Checkpoint);
        var metrics = input.Truth is null ? null : ImageMetrics.Evaluate(result.Completed, input.Truth, input.Mask);
        return new ReportMethod(method.Label, result, metrics);
    }

    /// <summary>The steps <paramref name="method"/>'s fit of <paramref name="input"/> runs and reports: the bar's end (the engine's effective steps for the picture's size).</summary>
    internal static int StepsOf(MethodRun method, ReportInput input) => method.Options.StepsFor(input.Observed.Height, input.Observed.Width);

    /// <summary>The steps each method runs on <paramref name="input"/>, as the plan's line says it: "telea, ns: no steps; default: 1200 steps".</summary>
    internal static string StepsSummary(IReadOnlyList<MethodRun> methods, ReportInput input) => string.Join("; ",
        methods.GroupBy(m => StepsOf(m, input)).Select(g =>
            $"{string.Join(", ", g.Select(m => Markup.Escape(m.Label)))}: {(g.Key == 0 ? "no steps" : string.Create(CultureInfo.InvariantCulture, $"{g.Key} steps"))}"));

    /// <summary>The bar's text: method, step, loss and hole PSNR (markup-escaped: labels are user text).</summary>
    internal static string Describe(string label, FitProgress? p) => p is null
        ? $"[bold]{Markup.Escape(label)}[/] waiting"
        : $"[bold]{Markup.Escape(label)}[/] {Numbers(p)}";

    /// <summary>Step, loss and (with a truth) hole PSNR and NMAE, or PSNR and SSIM when there are no holes (denoising), in invariant culture.</summary>
    internal static string Numbers(FitProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{(p.WindowCount > 0 ? $"window {p.WindowIndex + 1}/{p.WindowCount}  " : "")}step {p.Step + 1}/{p.TotalSteps}  loss {p.Loss:0.000e+0}") + (p.Metrics is { } m
        ? double.IsNaN(m.PsnrHoles)
            ? string.Create(CultureInfo.InvariantCulture, $"  PSNR {m.Psnr:F2} dB  SSIM {m.Ssim:F4}")
            : string.Create(CultureInfo.InvariantCulture, $"  hole PSNR {m.PsnrHoles:F2} dB  NMAE {m.NmaeHoles:F4}")
        : "");

    /// <summary>
    /// Reports synchronously on the fitting thread: <see cref="Progress{T}"/> would post to the thread pool, so
    /// updates could arrive after the bar was closed.
    /// </summary>
    private sealed class BarProgress(ProgressTask task, string label) : IProgress<FitProgress>
    {
        private readonly StepCount _count = new();

        public void Report(FitProgress value)
        {
            var (done, total) = _count.Add(value);
            task.MaxValue = total;
            task.Value = done;
            task.Description = Describe(label, value);
        }
    }

    /// <summary>Plain lines at the first step, every tenth of the run and the last step (of the last window, for a picture in windows).</summary>
    /// <remarks>A picture in windows also gets a line at the end of each window while there are few of them; its seconds are the whole fit's.</remarks>
    private sealed class PlainProgress(IAnsiConsole console, string label, int steps) : IProgress<FitProgress>
    {
        private const int WindowLinesUpTo = 50;
        private readonly StepCount _count = new();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private int _nextLine;

        public void Report(FitProgress value)
        {
            var (done, total) = _count.Add(value);
            bool windowed = value.WindowCount > 0;
            int every = Math.Max(1, (windowed ? total : steps) / PlainLinesPerFit);
            bool last = done == total || (windowed && value.WindowCount <= WindowLinesUpTo && value.Step == value.TotalSteps - 1);
            if (done - 1 < _nextLine && !last) return;
            _nextLine = ((done - 1) / every + 1) * every;
            var seconds = windowed ? _clock.Elapsed : value.Elapsed;
            console.MarkupLine(Describe(label, value) + string.Create(CultureInfo.InvariantCulture, $"  ({seconds.TotalSeconds:F0} s)"));
        }
    }

    /// <summary>
    /// Steps done of all the fit's steps: a fit of the whole picture counts its own; a picture in windows counts every
    /// window's (they may run at the same time) out of windows x steps.
    /// </summary>
    private sealed class StepCount
    {
        private readonly Dictionary<int, int> _doneByWindow = new();

        public (int Done, int Total) Add(FitProgress p)
        {
            if (p.WindowCount == 0) return (p.Step + 1, Math.Max(1, p.TotalSteps));
            _doneByWindow[p.WindowIndex] = p.Step + 1;
            return (_doneByWindow.Values.Sum(), Math.Max(1, p.WindowCount * p.TotalSteps));
        }
    }
}
